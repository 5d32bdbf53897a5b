import { Heading } from "@digdir/designsystemet-react";

export default function Alignment() {
  return <Heading level={1}>Alignment</Heading>;
}
