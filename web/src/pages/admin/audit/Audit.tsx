import { Alert, Button, Details, Field, Heading, Label, Link, Paragraph, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { dateParam } from "../../../address.js";
import { client, ok, type Answer } from "../../../api/client.js";
import { DataTable } from "../../../components/DataTable.js";
import { CardForm, problemAt, useFormProblems, type FieldProblem } from "../../../components/FormErrors.js";
import { ErrorState, Loading } from "../../../components/States.js";
import { formatDateTime, formatNumber } from "../../../format.js";
import { useT, type Translate } from "../../../i18n/i18n.js";
import { Guarded } from "../../../session.js";
import { urls, type Query } from "../../../urls.js";
import { compact, fieldChanges } from "./change.js";
import { AdminPage } from "../shared.js";
import { auditMessages } from "./messages.js";

type Entry = Answer<"/api/v1/audit">["entries"][number];
type Key = keyof (typeof auditMessages)["nb"];

const PAGE_SIZE = 50;
const FILTERS = ["objectType", "objectId", "actor", "from", "to"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
/** The kinds of object the server's writes name; another one in the address is offered too. */
const OBJECT_TYPES = ["strategy", "key_result", "measurement_batch", "assessment", "alignment", "organisation", "user", "token", "setup"] as const;

/** The filters and page the address holds, so a view of the trail can be shared. */
function useAuditAddress(): { filters: Filters; page: number } {
  const params = new URLSearchParams(useSearch());
  const filters: Filters = {};
  for (const f of FILTERS) {
    const v = params.get(f)?.trim();
    // A day that is not one (`?from=2026-13-45`) is explained by the page's error boundary.
    if (v) filters[f] = f === "from" || f === "to" ? dateParam(f, v) : v;
  }
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  return { filters, page };
}

/** The audit trail: who changed what and when, filtered, a page at a time, downloadable, and its chain checked. */
export default function Audit() {
  return (
    <Guarded action={{ do: "audit.read" }}>
      <AuditView />
    </Guarded>
  );
}

function AuditView() {
  const t = useT(auditMessages);
  const { filters, page } = useAuditAddress();
  const entries = useQuery({
    queryKey: ["audit", filters, page],
    queryFn: () => ok(client.GET("/api/v1/audit", { params: { query: { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const exportHref = (format: "csv" | "json") => `/api/v1/audit/export?${new URLSearchParams({ ...filters, format })}`;

  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <FilterForm key={JSON.stringify(filters)} filters={filters} />
      <section aria-labelledby="audit-entries" className="stack">
        <Heading level={2} data-size="md" id="audit-entries">
          {entries.data ? t("count", { total: entries.data.total }) : t("title")}
        </Heading>
        {entries.isPending ? (
          <Loading />
        ) : entries.isError ? (
          <ErrorState error={entries.error} />
        ) : entries.data.entries.length === 0 ? (
          <Paragraph>{t("empty")}</Paragraph>
        ) : (
          <>
            <EntryTable entries={entries.data.entries} />
            <Paging page={page} total={entries.data.total} shown={entries.data.entries.length} filters={filters} />
          </>
        )}
        <div className="admin-actions">
          <span>{t("export")}:</span>
          <Link href={exportHref("csv")} download>
            {t("exportCsv")}
          </Link>
          <Link href={exportHref("json")} download>
            {t("exportJson")}
          </Link>
        </div>
        <Paragraph data-size="sm" className="muted">
          {t("exportHint")}
        </Paragraph>
      </section>
      <Verify />
    </AdminPage>
  );
}

function FilterForm({ filters }: { filters: Filters }) {
  const t = useT(auditMessages);
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Filters>(filters);
  const { problems, attempt, show } = useFormProblems();
  const types: string[] = [...OBJECT_TYPES];
  if (filters.objectType && !types.includes(filters.objectType)) types.push(filters.objectType);
  const set = (f: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [f]: e.target.value }));

  function apply(e: FormEvent) {
    e.preventDefault();
    const found: FieldProblem[] = [];
    if (draft.from && draft.to && draft.from > draft.to) found.push({ target: "audit-from", label: t("from"), message: t("fromAfterTo") });
    if (!show(found)) return;
    // A new filter starts at its first page.
    navigate(urls.adminAudit(Object.fromEntries(FILTERS.map((f) => [f, draft[f]?.trim()])) as Query));
  }

  return (
    <CardForm id="audit-filters" title={t("filters")} errorsTitle={t("errorsTitle")} problems={problems} attempt={attempt} onSubmit={apply}>
      <div className="admin-form">
        <Field>
          <Label htmlFor="audit-type">{t("objectType")}</Label>
          <Select id="audit-type" value={draft.objectType ?? ""} onChange={set("objectType")}>
            <option value="">{t("anyType")}</option>
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {typeName(t, ty)}
              </option>
            ))}
          </Select>
        </Field>
        <Textfield id="audit-object" label={t("objectId")} value={draft.objectId ?? ""} onChange={set("objectId")} autoComplete="off" />
        <Textfield id="audit-actor" label={t("actor")} description={t("actorHint")} value={draft.actor ?? ""} onChange={set("actor")} autoComplete="off" />
        <Textfield id="audit-from" label={t("from")} type="date" value={draft.from ?? ""} onChange={set("from")} error={problemAt(problems, "audit-from")} />
        <Textfield id="audit-to" label={t("to")} type="date" value={draft.to ?? ""} onChange={set("to")} />
      </div>
      <div className="admin-actions">
        <Button type="submit">{t("apply")}</Button>
        {Object.keys(filters).length > 0 && (
          <Button asChild variant="tertiary">
            <RouterLink href={urls.adminAudit()}>{t("clear")}</RouterLink>
          </Button>
        )}
      </div>
    </CardForm>
  );
}

function typeName(t: Translate<Key>, type: string): string {
  return (OBJECT_TYPES as readonly string[]).includes(type) ? t(`type_${type as (typeof OBJECT_TYPES)[number]}`) : type;
}

/** What changed, field by field, for the one who opens it; values that are not objects as they are. */
function Change({ e }: { e: Entry }) {
  const t = useT(auditMessages);
  const fields = fieldChanges(e.before, e.after);
  if (fields !== null && fields.length === 0) return <span className="muted">{t("nothing")}</span>;
  return (
    <Details>
      <Details.Summary>{t("showChange")}</Details.Summary>
      <Details.Content>
        {fields === null ? (
          <dl className="audit-change">
            <dt>{t("before")}</dt>
            <dd>{compact(e.before)}</dd>
            <dt>{t("after")}</dt>
            <dd>{compact(e.after)}</dd>
          </dl>
        ) : (
          <dl className="audit-change">
            {fields.map((f) => (
              <div key={f.key}>
                <dt>
                  <code>{f.key}</code>
                </dt>
                {f.before !== undefined && (
                  <dd>
                    <span className="muted">{t("before")}:</span> {compact(f.before)}
                  </dd>
                )}
                {f.after !== undefined && (
                  <dd>
                    <span className="muted">{t("after")}:</span> {compact(f.after)}
                  </dd>
                )}
              </div>
            ))}
          </dl>
        )}
      </Details.Content>
    </Details>
  );
}

function EntryTable({ entries }: { entries: Entry[] }) {
  const t = useT(auditMessages);
  return (
    <div className="admin-table">
      <DataTable
        caption={t("caption")}
        rows={entries}
        rowKey={(e) => String(e.seq)}
        columns={[
          { key: "seq", header: t("seq"), numeric: true, rowHeader: true, cell: (e) => formatNumber(e.seq, 0) },
          { key: "at", header: t("at"), cell: (e) => <span className="nowrap">{formatDateTime(e.at)}</span> },
          {
            key: "who",
            header: t("who"),
            cell: (e) => (
              <>
                <RouterLink href={urls.adminAudit({ actor: e.actorLabel })} aria-label={t("filterByActor", { who: e.actorLabel })} className="ds-link">
                  {e.actorLabel}
                </RouterLink>
                {/* People are the rule; a token, the server or a visitor is said. */}
                {e.actorKind !== "user" && (
                  <>
                    {" "}
                    <Tag data-color="neutral" data-size="sm">
                      {t(`kind_${e.actorKind}`)}
                    </Tag>
                  </>
                )}
              </>
            ),
          },
          { key: "action", header: t("action"), cell: (e) => <code>{e.action}</code> },
          {
            key: "object",
            header: t("object"),
            cell: (e) => {
              const type = typeName(t, e.objectType);
              if (!e.objectId) return type;
              const label = `${type} ${e.objectId}`;
              return (
                <RouterLink
                  href={urls.adminAudit({ objectType: e.objectType, objectId: e.objectId })}
                  aria-label={t("filterByObject", { object: label })}
                  className="ds-link audit-object"
                >
                  {type} <code>{e.objectId}</code>
                </RouterLink>
              );
            },
          },
          { key: "change", header: t("change"), cell: (e) => <Change e={e} /> },
        ]}
      />
    </div>
  );
}

function Paging({ page, total, shown, filters }: { page: number; total: number; shown: number; filters: Filters }) {
  const t = useT(auditMessages);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = (page - 1) * PAGE_SIZE + 1;
  const href = (p: number) => urls.adminAudit({ ...filters, page: p > 1 ? String(p) : undefined });
  return (
    <nav aria-label={t("pages")} className="admin-actions">
      <span>
        {t("showing", { first: formatNumber(first, 0), last: formatNumber(first + shown - 1, 0), total: formatNumber(total, 0) })} ·{" "}
        {t("pageOf", { page: formatNumber(page, 0), pages: formatNumber(pages, 0) })}
      </span>
      {page > 1 && (
        <Button asChild variant="secondary" data-size="sm">
          <RouterLink href={href(page - 1)}>{t("previous")}</RouterLink>
        </Button>
      )}
      {page < pages && (
        <Button asChild variant="secondary" data-size="sm">
          <RouterLink href={href(page + 1)}>{t("next")}</RouterLink>
        </Button>
      )}
    </nav>
  );
}

function Verify() {
  const t = useT(auditMessages);
  const verify = useMutation({ mutationFn: () => ok(client.GET("/api/v1/audit/verify")) });
  const r = verify.data;
  return (
    <section aria-labelledby="audit-verify" className="stack">
      <Heading level={2} data-size="sm" id="audit-verify">
        {t("verifyTitle")}
      </Heading>
      <Paragraph>{t("verifyIntro")}</Paragraph>
      <div>
        <Button variant="secondary" loading={verify.isPending} onClick={() => !verify.isPending && verify.mutate()}>
          {verify.isPending ? t("verifying") : t("verify")}
        </Button>
      </div>
      <div role="status">
        {r &&
          (r.ok ? (
            <Alert data-color="success">
              <Paragraph>{t("verifyOk", { entries: r.entries })}</Paragraph>
            </Alert>
          ) : (
            <Alert data-color="danger">
              <Paragraph>{t("verifyBroken", { seq: r.firstBroken?.seq ?? "?", entries: r.entries })}</Paragraph>
              {r.firstBroken && (
                <Paragraph>
                  {t("verifyReason")} <span lang="en">{r.firstBroken.reason}</span>
                </Paragraph>
              )}
            </Alert>
          ))}
        {verify.isError && <ErrorState error={verify.error} />}
      </div>
    </section>
  );
}
