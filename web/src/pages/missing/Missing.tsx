import { Heading } from "@digdir/designsystemet-react";

export default function Missing() {
  return <Heading level={1}>Missing</Heading>;
}
