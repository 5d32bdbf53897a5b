import { Heading } from "@digdir/designsystemet-react";

export default function KeyResultPage() {
  return <Heading level={1}>KeyResultPage</Heading>;
}
