import { Tag } from "@digdir/designsystemet-react";
import { RAG_LOOK, isRag, usePortfolioLabels } from "./labels.js";

/**
 * A RAG status (green, amber, red) as a tag: word, symbol and colour together. `label` names the
 * dimension for screen readers when the tag stands alone ("Schedule: amber").
 */
export function RagTag({ rag, label }: { rag: string | null | undefined; label?: string }) {
  const labels = usePortfolioLabels();
  const look = RAG_LOOK[rag && isRag(rag) ? rag : "none"];
  return (
    <Tag data-color={look.color} data-size="sm" className="status-tag">
      {label && <span className="visually-hidden">{label}: </span>}
      <span aria-hidden="true" className="status-symbol">
        {look.symbol}
      </span>{" "}
      {labels.rag(rag)}
    </Tag>
  );
}
