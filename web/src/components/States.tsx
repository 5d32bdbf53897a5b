import { Alert, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "../api/client.js";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";

export function Loading() {
  const t = useT(common);
  return (
    <div className="loading" role="status">
      <Spinner aria-hidden="true" data-size="md" /> <span>{t("loading")}</span>
    </div>
  );
}

export function ErrorState({ error }: { error: unknown }) {
  const t = useT(common);
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <Alert data-color="danger" role="alert">
      <Heading level={2} data-size="xs">
        {t("errorTitle")}
      </Heading>
      <Paragraph>{message}</Paragraph>
    </Alert>
  );
}

/** Renders a query's data, or its loading or error state. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} />;
  return <>{children(query.data)}</>;
}
