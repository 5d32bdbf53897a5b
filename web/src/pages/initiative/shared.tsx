import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useCallback, useState, type ReactNode } from "react";
import { ApiError } from "../../api/client.js";
import { useOrganisations } from "../../api/queries.js";
import type { FieldProblem } from "../../components/FormErrors.js";
import { useT } from "../../i18n/i18n.js";
import { initiativeMessages } from "./messages.js";

/** What became of a form's last attempt to save, shown under it. */
export type SaveOutcome = { kind: "saved"; text: string } | { kind: "conflict" } | { kind: "failed"; text: string; lang?: string } | null;

/**
 * Whether a refusal means the form was filled from a stale copy: a version mismatch (412), or for a
 * write that named what it replaces, a conflict (409). Other conflicts (a duplicate) are faults.
 */
export function isStale(err: unknown, guarded: boolean): boolean {
  return err instanceof ApiError && (err.status === 412 || (guarded && err.status === 409 && err.body.code !== "idempotency_key_reused"));
}

/** A field of a form: the control's id and its label, for the list of faults. */
export interface FieldRef {
  target: string;
  label: string;
}

/**
 * The server's faults at the fields they name (`body.title` or `title` → the form's `title`), the
 * rest with the server's own (English) words under `fallback`.
 */
export function serverProblems(err: ApiError, fields: Record<string, FieldRef>, fallback: FieldRef): FieldProblem[] {
  const details = err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message }];
  return details.map((d) => {
    const key = d.path.replace(/^body\./, "").split(".")[0] ?? "";
    return { ...(fields[key] ?? fallback), message: d.message, lang: "en" };
  });
}

/** A form's save outcome, and what to do with a refusal: a stale copy, faults at fields, or a failure. */
export function useSaveOutcome() {
  const [outcome, setOutcome] = useState<SaveOutcome>(null);
  const t = useT(initiativeMessages);
  const failed = useCallback(
    (err: unknown, opts: { guarded: boolean; fieldProblems?: (err: ApiError) => FieldProblem[] | null }): FieldProblem[] => {
      if (isStale(err, opts.guarded)) {
        setOutcome({ kind: "conflict" });
        return [];
      }
      if (err instanceof ApiError && err.body.details.length > 0 && opts.fieldProblems) {
        const found = opts.fieldProblems(err);
        if (found && found.length > 0) {
          setOutcome(null);
          return found;
        }
      }
      setOutcome(err instanceof ApiError ? { kind: "failed", text: err.message, lang: "en" } : { kind: "failed", text: t("network") });
      return [];
    },
    [t],
  );
  return { outcome, setOutcome, failed };
}

/**
 * The outcome of a save in a live region: saved, refused as stale (with a way to load what is
 * stored now), or failed.
 */
export function SaveMessage({ outcome, onReload }: { outcome: SaveOutcome; onReload: () => void }) {
  const t = useT(initiativeMessages);
  return (
    <div role={outcome?.kind === "saved" ? "status" : "alert"}>
      {outcome?.kind === "saved" && (
        <Alert data-color="success">
          <Paragraph>{outcome.text}</Paragraph>
        </Alert>
      )}
      {outcome?.kind === "conflict" && (
        <Alert data-color="warning">
          <Heading level={3} data-size="2xs">
            {t("conflictTitle")}
          </Heading>
          <Paragraph>{t("conflictText")}</Paragraph>
          <Button variant="secondary" data-size="sm" type="button" onClick={onReload}>
            {t("reload")}
          </Button>
        </Alert>
      )}
      {outcome?.kind === "failed" && (
        <Alert data-color="danger">
          <Paragraph>
            {t("failed")} <span lang={outcome.lang}>{outcome.text}</span>
          </Paragraph>
        </Alert>
      )}
    </div>
  );
}

/** A part of the page: its heading (which the table of contents links to) and its content. */
export function PageSection({ id, title, intro, action, children }: { id: string; title: string; intro?: ReactNode; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="ini-section" id={id}>
      <div className="ini-section-head">
        <Heading level={2} data-size="md" id={`${id}-heading`}>
          {title}
        </Heading>
        {action}
      </div>
      {intro && <Paragraph className="muted">{intro}</Paragraph>}
      {children}
    </section>
  );
}

/** An organisation's name from the register, or its id while the register is not known. */
export function useOrgName(): (id: string | null | undefined) => string {
  const orgs = useOrganisations();
  return useCallback((id) => (id ? (orgs.data?.find((o) => o.id === id)?.name ?? id) : "–"), [orgs.data]);
}

/** An empty state: a sentence saying there is nothing yet, and what one may do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return <Paragraph className="ini-empty">{children}</Paragraph>;
}

/** A form's footer: the submit button (Save unless told) and the tertiary one that closes the form (Cancel unless told). */
export function FormActions({ pending, onCancel, submitLabel, cancelLabel }: { pending: boolean; onCancel: () => void; submitLabel?: string; cancelLabel?: string }) {
  const t = useT(initiativeMessages);
  return (
    <div className="ini-actions">
      <Button type="submit" loading={pending}>
        {submitLabel ?? t("save")}
      </Button>
      <Button type="button" variant="tertiary" onClick={onCancel}>
        {cancelLabel ?? t("cancel")}
      </Button>
    </div>
  );
}
