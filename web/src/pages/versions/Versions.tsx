import { Alert, Button, Details, Field, Heading, Label, Paragraph, Select, Tag } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { AddressError } from "../../address.js";
import type { Answer } from "../../api/client.js";
import { useStrategyDiff, useStrategyTree, useStrategyVersions } from "../../api/queries.js";
import { DataTable } from "../../components/DataTable.js";
import { ErrorState, Loaded, Loading } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatDate, formatDateTime, formatNumber } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT, type Lang, type Translate } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import "./versions.css";
import { versionsMessages } from "./messages.js";
import { diffWords } from "./word-diff.js";

type Version = Answer<"/api/v1/strategies/{id}/versions">[number];
type Diff = Answer<"/api/v1/strategies/{id}/diff">;
type FieldChange = Diff["metadata"][number];
type ItemChange = Diff["sections"][number];
type Msg = keyof (typeof versionsMessages)["nb"];
type Change = ItemChange["change"];

/** Fields whose values are text written in the strategy's language. */
const CONTENT_TEXT = new Set(["title", "summary", "source", "objective", "description", "definition", "reference", "owner"]);

const CHANGE_LOOK: Record<Change, { symbol: string; color: "success" | "danger" | "warning" }> = {
  added: { symbol: "+", color: "success" },
  removed: { symbol: "−", color: "danger" },
  changed: { symbol: "~", color: "warning" },
};

export default function Versions() {
  const t = useT(versionsMessages);
  const tc = useT(common);
  const { strategyId } = useCurrent();
  const tree = useStrategyTree(strategyId);
  const versions = useStrategyVersions(strategyId);
  usePageTitle(tree.data ? `${tc("navVersions")}: ${tree.data.title}` : undefined);

  return (
    <>
      <div className="page-head">
        <div className="vs-head">
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          {tree.data && (
            <Paragraph className="muted" lang={tree.data.language}>
              {tree.data.title}
            </Paragraph>
          )}
          <Paragraph>{t("lead")}</Paragraph>
        </div>
      </div>
      <Loaded query={versions}>{(list) => <VersionsBody list={list} currentVersion={tree.data?.currentVersion} language={tree.data?.language ?? "nb"} />}</Loaded>
    </>
  );
}

function VersionsBody({ list, currentVersion, language }: { list: Version[]; currentVersion: number | undefined; language: string }) {
  const t = useT(versionsMessages);
  const { strategyId } = useCurrent();
  const sorted = [...list].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)?.version;
  const previous = sorted.at(-2)?.version;
  const [fromParam, setFrom] = useQueryParam("from", previous !== undefined ? String(previous) : "");
  const [toParam, setTo] = useQueryParam("to", latest !== undefined ? String(latest) : "");
  const known = new Set(sorted.map((v) => v.version));
  // A version the strategy does not have (`?from=99`) is explained by the page's error boundary.
  for (const [param, value] of [["from", fromParam], ["to", toParam]] as const) if (value !== "" && !known.has(Number(value))) throw new AddressError("version", param, value);
  const from = known.has(Number(fromParam)) ? Number(fromParam) : previous;
  const to = known.has(Number(toParam)) ? Number(toParam) : latest;
  const canCompare = sorted.length > 1 && from !== undefined && to !== undefined && from !== to;
  const diff = useStrategyDiff(strategyId, canCompare ? from : undefined, canCompare ? to : undefined);
  const statusLabel = (s: string) => (["draft", "adopted", "archived"].includes(s) ? t(`status_${s}` as Msg) : s);

  return (
    <>
      <section aria-labelledby="vs-list" className="vs-block">
        <Heading level={2} data-size="md" id="vs-list">
          {t("listHeading")}
        </Heading>
        <DataTable
          caption={t("listCaption")}
          captionHidden
          rows={sorted}
          rowKey={(v) => String(v.version)}
          columns={[
            {
              key: "version",
              header: t("colVersion"),
              rowHeader: true,
              cell: (v) => (
                <span className="vs-version">
                  {v.version}
                  {v.version === currentVersion && (
                    <Tag data-color="info" data-size="sm">
                      {t("current")}
                    </Tag>
                  )}
                </span>
              ),
            },
            { key: "title", header: t("colTitle"), cell: (v) => <span lang={language}>{v.title}</span> },
            { key: "status", header: t("colStatus"), cell: (v) => statusLabel(v.status) },
            { key: "effective", header: t("colEffective"), cell: (v) => <span className="vs-nowrap">{formatDate(v.effectiveFrom)}</span> },
            { key: "reason", header: t("colReason"), cell: (v) => <span lang={language}>{v.reason}</span> },
            { key: "by", header: t("colBy"), cell: (v) => v.createdBy },
            { key: "at", header: t("colAt"), cell: (v) => <span className="vs-nowrap">{formatDateTime(v.createdAt)}</span> },
          ]}
        />
      </section>

      <section aria-labelledby="vs-compare" className="vs-block">
        <Heading level={2} data-size="md" id="vs-compare">
          {t("compareHeading")}
        </Heading>
        {sorted.length < 2 ? (
          <Alert data-color="info">
            <Paragraph>{t("onlyOne")}</Paragraph>
          </Alert>
        ) : (
          <>
            <div className="vs-pickers">
              <VersionSelect id="vs-from" label={t("from")} value={from} versions={sorted} onChange={(v) => setFrom(String(v))} />
              <VersionSelect id="vs-to" label={t("to")} value={to} versions={sorted} onChange={(v) => setTo(String(v))} />
              <Button
                variant="secondary"
                data-size="sm"
                onClick={() => {
                  if (from === undefined || to === undefined) return;
                  setFrom(String(to));
                  setTo(String(from));
                }}
              >
                <span aria-hidden="true">⇄</span> {t("swap")}
              </Button>
            </div>
            <div aria-live="polite">
              {!canCompare ? (
                <Paragraph>{t("same")}</Paragraph>
              ) : diff.isPending ? (
                <Loading />
              ) : diff.isError ? (
                <ErrorState error={diff.error} />
              ) : (
                <DiffView diff={diff.data} language={language} />
              )}
            </div>
          </>
        )}
      </section>
    </>
  );
}

function VersionSelect({ id, label, value, versions, onChange }: { id: string; label: string; value: number | undefined; versions: Version[]; onChange: (v: number) => void }) {
  const t = useT(versionsMessages);
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value !== undefined ? String(value) : ""} onChange={(e) => onChange(Number(e.target.value))} width="auto">
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t("versionOption", { n: v.version, date: formatDate(v.effectiveFrom) })}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function count(items: ItemChange[], change: Change) {
  return items.filter((i) => i.change === change).length;
}

function DiffView({ diff, language }: { diff: Diff; language: string }) {
  const t = useT(versionsMessages);
  const total = diff.metadata.length + diff.sections.length + diff.keyResults.length;
  const heading = t("diffHeading", { from: diff.from, to: diff.to });
  if (total === 0) {
    return (
      <div className="vs-diff">
        <Heading level={3} data-size="sm">
          {heading}
        </Heading>
        <Paragraph>{t("nothing")}</Paragraph>
      </div>
    );
  }
  const counts = (items: ItemChange[]) =>
    (["added", "removed", "changed"] as const)
      .filter((c) => count(items, c) > 0)
      .map((c) => <ChangeTag key={c} change={c} label={t(`count${c[0]!.toUpperCase()}${c.slice(1)}` as Msg, { count: count(items, c) })} />);

  return (
    <div className="vs-diff stack">
      <Heading level={3} data-size="sm">
        {heading}
      </Heading>
      <ul className="vs-summary" aria-label={t("summaryLabel")}>
        {diff.metadata.length > 0 && (
          <li>
            <span className="vs-summary-label">{t("metadataHeading")}:</span> {t("countMetadata", { count: diff.metadata.length })}
          </li>
        )}
        {diff.sections.length > 0 && (
          <li>
            <span className="vs-summary-label">{t("sectionsHeading")}:</span> <span className="vs-tags">{counts(diff.sections)}</span>
          </li>
        )}
        {diff.keyResults.length > 0 && (
          <li>
            <span className="vs-summary-label">{t("keyResultsHeading")}:</span> <span className="vs-tags">{counts(diff.keyResults)}</span>
          </li>
        )}
      </ul>

      <section aria-labelledby="vs-meta">
        <Heading level={4} data-size="xs" id="vs-meta">
          {t("metadataHeading")}
        </Heading>
        {diff.metadata.length === 0 ? (
          <Paragraph className="muted">{t("noChanges")}</Paragraph>
        ) : (
          <div className="vs-fields">
            {diff.metadata.map((f) => (
              <FieldChangeView key={f.field} change={f} language={language} />
            ))}
          </div>
        )}
      </section>

      <ItemList id="vs-sections" heading={t("sectionsHeading")} items={diff.sections} language={language} />
      <ItemList id="vs-krs" heading={t("keyResultsHeading")} items={diff.keyResults} language={language} showKeyAsCode />
    </div>
  );
}

function ChangeTag({ change, label }: { change: Change; label: string }) {
  const look = CHANGE_LOOK[change];
  return (
    <Tag data-color={look.color} data-size="sm" className="vs-change-tag">
      <span aria-hidden="true" className="vs-symbol">
        {look.symbol}
      </span>{" "}
      {label}
    </Tag>
  );
}

const ORDER: Record<Change, number> = { added: 0, removed: 1, changed: 2 };

function ItemList({ id, heading, items, language, showKeyAsCode }: { id: string; heading: string; items: ItemChange[]; language: string; showKeyAsCode?: boolean }) {
  const t = useT(versionsMessages);
  const sorted = [...items].sort((a, b) => ORDER[a.change] - ORDER[b.change]);
  return (
    <section aria-labelledby={id}>
      <Heading level={4} data-size="xs" id={id}>
        {heading}
      </Heading>
      {sorted.length === 0 ? (
        <Paragraph className="muted">{t("noChanges")}</Paragraph>
      ) : (
        <ul className="vs-items">
          {sorted.map((item) => {
            const name = (
              <>
                {showKeyAsCode && <span className="kr-code">{item.key} </span>}
                <span lang={language}>{item.title}</span>
                {!showKeyAsCode && <span className="muted vs-key"> ({t("key", { key: item.key })})</span>}
              </>
            );
            return (
              <li key={item.key} className={`vs-item vs-item-${item.change}`}>
                {item.change === "changed" ? (
                  <Details>
                    <Details.Summary>
                      <span className="vs-item-line">
                        <ChangeTag change="changed" label={t("changed")} />
                        <span>
                          {name}
                          <span className="vs-changed-fields muted">{t("changedFields", { fields: item.fields.map((f) => t(fieldKey(f.field))).join(", ") })}</span>
                        </span>
                      </span>
                    </Details.Summary>
                    <Details.Content>
                      <div className="vs-fields">
                        {item.fields.map((f) => (
                          <FieldChangeView key={f.field} change={f} language={language} />
                        ))}
                      </div>
                    </Details.Content>
                  </Details>
                ) : (
                  <div className="vs-item-line vs-item-plain">
                    <ChangeTag change={item.change} label={t(item.change)} />
                    {item.change === "removed" ? <del className="vs-removed-title">{name}</del> : <span>{name}</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function fieldKey(field: string): Msg {
  const key = `field_${field}`;
  return (key in versionsMessages.nb ? key : "field_title") as Msg;
}

/** One field's change: before and after side by side (stacked when narrow), or a list of target changes. */
function FieldChangeView({ change, language }: { change: FieldChange; language: string }) {
  const t = useT(versionsMessages);
  const { lang } = useLang();
  const label = `field_${change.field}` in versionsMessages.nb ? t(`field_${change.field}` as Msg) : change.field;
  if (change.field === "targets") {
    return (
      <div className="vs-field">
        <Paragraph className="vs-field-name">{label}</Paragraph>
        <TargetChanges before={change.before} after={change.after} />
      </div>
    );
  }
  const textual = typeof change.before === "string" && typeof change.after === "string" && change.before !== "" && change.after !== "";
  const words = textual ? diffWords(change.before as string, change.after as string) : undefined;
  const contentLang = CONTENT_TEXT.has(change.field) ? language : undefined;
  return (
    <div className="vs-field">
      <Paragraph className="vs-field-name">{label}</Paragraph>
      <div className="vs-before-after">
        <div className="vs-before">
          <span className="vs-side">
            <span aria-hidden="true">− </span>
            {t("before")}
          </span>
          <div className="vs-value" lang={contentLang}>
            {words ? words.map((w, i) => (w.op === "ins" ? null : w.op === "del" ? <del key={i}>{w.text}</del> : <span key={i}>{w.text}</span>)) : <Value field={change.field} value={change.before} t={t} lang={lang} />}
          </div>
        </div>
        <div className="vs-after">
          <span className="vs-side">
            <span aria-hidden="true">+ </span>
            {t("after")}
          </span>
          <div className="vs-value" lang={contentLang}>
            {words ? words.map((w, i) => (w.op === "del" ? null : w.op === "ins" ? <ins key={i}>{w.text}</ins> : <span key={i}>{w.text}</span>)) : <Value field={change.field} value={change.after} t={t} lang={lang} />}
          </div>
        </div>
      </div>
      {words && (words.some((w) => w.op !== "same") ? <Paragraph className="vs-legend muted" data-size="xs">{`${t("wordsRemoved")} ${t("wordsAdded")}`}</Paragraph> : null)}
    </div>
  );
}

interface Target {
  period: string;
  value: number;
  organisation?: string;
}

function asTargets(v: unknown): Target[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === "object" && "period" in x && "value" in x) as Target[]) : [];
}

/** Targets compared period by period: new, removed and changed targets, each in words with a symbol. */
function TargetChanges({ before, after }: { before: unknown; after: unknown }) {
  const t = useT(versionsMessages);
  const { lang } = useLang();
  const key = (x: Target) => `${x.period}|${x.organisation ?? ""}`;
  const a = new Map(asTargets(before).map((x) => [key(x), x]));
  const b = new Map(asTargets(after).map((x) => [key(x), x]));
  const rows: { k: string; change: Change; target: Target; old?: Target }[] = [];
  for (const [k, x] of b) {
    const old = a.get(k);
    if (!old) rows.push({ k, change: "added", target: x });
    else if (old.value !== x.value) rows.push({ k, change: "changed", target: x, old });
  }
  for (const [k, x] of a) if (!b.has(k)) rows.push({ k, change: "removed", target: x });
  rows.sort((p, q) => (p.target.period < q.target.period ? -1 : p.target.period > q.target.period ? 1 : 0));
  const where = (x: Target) => `${periodLabel(x.period, lang)}${x.organisation ? ` (${x.organisation})` : ""}`;
  return (
    <ul className="vs-targets" aria-label={t("targetsChanges")}>
      {rows.map((r) => (
        <li key={r.k}>
          <span aria-hidden="true" className={`vs-symbol vs-symbol-${r.change}`}>
            {CHANGE_LOOK[r.change].symbol}
          </span>
          <span className="visually-hidden">{r.change === "added" ? t("targetAdded") : r.change === "removed" ? t("targetRemoved") : t("targetChanged")}: </span>
          <span>
            {where(r.target)}:{" "}
            {r.change === "changed" ? (
              <>
                <del>{formatNumber(r.old!.value, 2)}</del> → <ins>{formatNumber(r.target.value, 2)}</ins>
              </>
            ) : r.change === "removed" ? (
              <del>{formatNumber(r.target.value, 2)}</del>
            ) : (
              formatNumber(r.target.value, 2)
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A field's value as words: enums in the user's language, numbers and periods in Norwegian format. */
function Value({ field, value, t, lang }: { field: string; value: unknown; t: Translate<Msg>; lang: Lang }): ReactNode {
  const tc = useT(common);
  if (value === null || value === undefined || value === "") return <span className="muted">{t("empty")}</span>;
  if (Array.isArray(value) && value.length === 0) return <span className="muted">{t("none")}</span>;
  const known = (prefix: string, v: string, catalog: "own" | "common"): string => {
    const k = `${prefix}${v}`;
    if (catalog === "own") return k in versionsMessages.nb ? t(k as Msg) : v;
    return k in common.nb ? tc(k as keyof (typeof common)["nb"]) : v;
  };
  switch (field) {
    case "status":
      return known("status_", String(value), "own");
    case "language":
      return known("lang_", String(value), "own");
    case "kind":
      return known("kind_", String(value), "own");
    case "direction":
      return known("direction_", String(value), "own");
    case "aggregation":
      return known("aggregation_", String(value), "own");
    case "unit":
      return known("unit_", String(value), "common");
    case "frequency":
      return known("grain_", String(value), "common");
    case "periodFrom":
    case "periodTo":
      return periodLabel(String(value), lang);
    case "adoptedOn":
      return formatDate(String(value));
    case "position":
      return typeof value === "number" ? t("position", { n: value + 1 }) : String(value);
    case "tolerance":
      return typeof value === "number" ? `${formatNumber(value * 100)} %` : String(value);
    case "baseline": {
      const b = value as { period?: string; value?: number };
      return b.period ? `${periodLabel(b.period, lang)}: ${formatNumber(b.value ?? null, 2)}` : JSON.stringify(value);
    }
    case "dimensions": {
      const dims = Array.isArray(value) ? (value as { key: string; label: string; values?: string[] }[]) : [];
      return (
        <ul className="vs-plain-list">
          {dims.map((d) => (
            <li key={d.key}>{d.values && d.values.length > 0 ? t("dimensionValues", { label: d.label, values: d.values.join(", ") }) : t("dimensionNoValues", { label: d.label })}</li>
          ))}
        </ul>
      );
    }
  }
  if (typeof value === "number") return formatNumber(value, 2);
  if (typeof value === "string") return value;
  return <code className="vs-json">{JSON.stringify(value)}</code>;
}
