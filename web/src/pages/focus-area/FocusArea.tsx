import { Heading } from "@digdir/designsystemet-react";

export default function FocusArea() {
  return <Heading level={1}>FocusArea</Heading>;
}
