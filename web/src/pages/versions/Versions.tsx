import { Heading } from "@digdir/designsystemet-react";

export default function Versions() {
  return <Heading level={1}>Versions</Heading>;
}
