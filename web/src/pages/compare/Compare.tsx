import { Heading } from "@digdir/designsystemet-react";

export default function Compare() {
  return <Heading level={1}>Compare</Heading>;
}
