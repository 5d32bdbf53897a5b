import { Alert, Heading, Link, Paragraph, Spinner } from "@digdir/designsystemet-react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import { ApiError } from "../api/client.js";
import { useHere } from "../current.js";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";
import { urls } from "../urls.js";
import { errorMessages } from "./errors-messages.js";

export function Loading() {
  const t = useT(common);
  return (
    <div className="loading" role="status">
      <Spinner aria-hidden="true" data-size="md" /> <span>{t("loading")}</span>
    </div>
  );
}

/** API refusals that have a reason the reader can act on (a wrong link, signing in, asking for a role). */
const EXPLAINED = [400, 401, 403, 404] as const;
type Explained = (typeof EXPLAINED)[number];
const explained = (e: unknown): e is ApiError & { status: Explained } => e instanceof ApiError && (EXPLAINED as readonly number[]).includes(e.status);

/**
 * A read that failed: an API refusal said in the reader's language (a 401 with a way to sign in and
 * come back), anything else with the message it came with.
 */
export function ErrorState({ error }: { error: unknown }) {
  const t = useT(common);
  const te = useT(errorMessages);
  const here = useHere();
  if (explained(error)) {
    return (
      <Alert data-color={error.status === 401 ? "info" : "warning"} role="alert">
        <Heading level={2} data-size="xs">
          {te(`api${error.status}Title`)}
        </Heading>
        <Paragraph>{te(`api${error.status}Text`)}</Paragraph>
        {error.status === 401 && (
          <Paragraph>
            <Link asChild>
              <RouterLink href={urls.signIn(here)}>{t("signIn")}</RouterLink>
            </Link>
          </Paragraph>
        )}
      </Alert>
    );
  }
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
