import { Button, Checkbox, Field, Fieldset, Label, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { REPORT_FREQUENCIES } from "../../../../server/src/domain/portfolio/status-reports.js";
import type { ApiError } from "../../api/client.js";
import type { Initiative } from "../../api/portfolio.js";
import { useCoverage, useInitiatives } from "../../api/portfolio.js";
import { useOrganisations, useStrategyTree } from "../../api/queries.js";
import { problemAt, type FieldProblem } from "../../components/FormErrors.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { DIRECTIONS, KINDS, LINK_SIZES, usePortfolioLabels, type Direction, type Kind, type LinkSize } from "../portfolio/labels.js";
import { initiativeMessages } from "./messages.js";
import { isDate, parseTags } from "./model.js";
import { serverProblems } from "./shared.js";

type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export interface LinkRow {
  /** Stable within one form: the inputs' ids. */
  id: string;
  section: string;
  keyResult: string;
  direction: Direction;
  size: LinkSize;
  note: string;
}

/** What the form holds, as typed. */
export interface InitiativeValues {
  title: string;
  description: string;
  organisation: string;
  sponsor: string;
  ownerName: string;
  kind: Kind | "";
  tags: string;
  theme: string;
  fundingSource: string;
  plannedStart: string;
  plannedEnd: string;
  reportFrequency: ReportFrequency;
  links: LinkRow[];
  participants: string[];
  dependsOn: string[];
  nextLink: number;
}

export const EMPTY_INITIATIVE: InitiativeValues = {
  title: "",
  description: "",
  organisation: "",
  sponsor: "",
  ownerName: "",
  kind: "",
  tags: "",
  theme: "",
  fundingSource: "",
  plannedStart: "",
  plannedEnd: "",
  reportFrequency: "month",
  links: [],
  participants: [],
  dependsOn: [],
  nextLink: 0,
};

/** A stored initiative as the form shows it, to revise it. */
export function valuesOf(i: Initiative): InitiativeValues {
  return {
    title: i.title,
    description: i.description,
    organisation: i.organisationId,
    sponsor: i.sponsor,
    ownerName: i.ownerName,
    kind: i.kind,
    tags: i.tags.join(", "),
    theme: i.themeKey ?? "",
    fundingSource: i.fundingSource,
    plannedStart: i.plannedStart ?? "",
    plannedEnd: i.plannedEnd ?? "",
    reportFrequency: i.reportFrequency,
    links: i.links.map((l, n) => ({ id: `l${n}`, section: l.section, keyResult: l.keyResult ?? "", direction: l.direction, size: l.size, note: l.note })),
    participants: [...i.participants],
    dependsOn: i.dependsOn.map((d) => d.id),
    nextLink: i.links.length,
  };
}

/** The request body for registering or revising (the server takes both alike, but for the strategy). */
export function initiativeBody(v: InitiativeValues) {
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    organisation: v.organisation,
    sponsor: v.sponsor.trim(),
    ownerName: v.ownerName.trim(),
    kind: v.kind as Kind,
    tags: parseTags(v.tags),
    theme: v.theme || null,
    fundingSource: v.fundingSource.trim(),
    plannedStart: v.plannedStart || null,
    plannedEnd: v.plannedEnd || null,
    reportFrequency: v.reportFrequency,
    links: v.links.map((l) => ({ section: l.section, keyResult: l.keyResult || null, direction: l.direction, size: l.size, note: l.note.trim() })),
    participants: v.participants.filter((p) => p !== v.organisation),
    dependsOn: v.dependsOn,
  };
}

/** The ids of the form's fields, under a prefix so two forms may share a page. */
export const fieldId = (prefix: string, name: string) => `${prefix}-${name}`;

/** The form's own checks, as the server makes them. */
export function useCheckInitiative(prefix: string) {
  const t = useT(initiativeMessages);
  const fields = useInitiativeFields(prefix);
  return (v: InitiativeValues): FieldProblem[] => {
    const found: FieldProblem[] = [];
    if (!v.title.trim()) found.push({ ...fields.title, message: t("titleRequired") });
    if (!v.organisation) found.push({ ...fields.organisation, message: t("organisationRequired") });
    if (!v.kind) found.push({ ...fields.kind, message: t("kindRequired") });
    if (v.plannedStart && !isDate(v.plannedStart)) found.push({ ...fields.plannedStart, message: t("dateInvalid") });
    if (v.plannedEnd && !isDate(v.plannedEnd)) found.push({ ...fields.plannedEnd, message: t("dateInvalid") });
    else if (v.plannedStart && v.plannedEnd && v.plannedEnd < v.plannedStart) found.push({ ...fields.plannedEnd, message: t("endBeforeStart") });
    const seen = new Set<string>();
    v.links.forEach((l, i) => {
      const target = fieldId(prefix, `link-${l.id}-section`);
      const label = t("linkN", { n: i + 1 });
      if (!l.section) found.push({ target, label, message: t("linkSectionRequired") });
      else if (seen.has(`${l.section}|${l.keyResult}`)) found.push({ target, label, message: t("linkTwice") });
      seen.add(`${l.section}|${l.keyResult}`);
    });
    return found;
  };
}

/** The fields by the names the server's faults use (`links.2.section` → the links, `plannedEnd` → the end date). */
export function useInitiativeFields(prefix: string) {
  const t = useT(initiativeMessages);
  const f = (name: string, label: string) => ({ target: fieldId(prefix, name), label });
  return {
    title: f("title", t("fieldTitle")),
    description: f("description", t("fieldDescription")),
    organisation: f("organisation", t("fieldOrganisation")),
    sponsor: f("sponsor", t("fieldSponsor")),
    ownerName: f("ownerName", t("fieldOwnerName")),
    kind: f("kind", t("fieldKind")),
    tags: f("tags", t("fieldTags")),
    theme: f("theme", t("fieldTheme")),
    fundingSource: f("fundingSource", t("fieldFundingSource")),
    plannedStart: f("plannedStart", t("fieldPlannedStart")),
    plannedEnd: f("plannedEnd", t("fieldPlannedEnd")),
    reportFrequency: f("reportFrequency", t("fieldReportFrequency")),
    links: f("links-add", t("linksLegend")),
    participants: f("participants", t("participantsLegend")),
    dependsOn: f("dependsOn", t("dependsOnLegend")),
  };
}

/** The server's faults at the form's fields; a fault in one link (`links.2.keyResult`) at that link's row. */
export function useInitiativeServerProblems(prefix: string) {
  const t = useT(initiativeMessages);
  const fields = useInitiativeFields(prefix);
  return (err: ApiError, values: InitiativeValues): FieldProblem[] => {
    const link = (path: string) => {
      const m = /^(?:body\.)?links\.(\d+)/.exec(path);
      const row = m ? values.links[Number(m[1])] : undefined;
      return row ? { target: fieldId(prefix, `link-${row.id}-section`), label: t("linkN", { n: Number(m![1]) + 1 }) } : null;
    };
    return serverProblems(err, fields, fields.title).map((p, n) => {
      const at = link(err.body.details[n]?.path ?? "");
      return at ? { ...p, ...at } : p;
    });
  };
}

/**
 * An initiative's fields: what it is, who owns it, what kind, what in the strategy it serves and
 * how much, who takes part and what it depends on. Used to register one and to revise one.
 */
export function InitiativeFields({
  prefix,
  strategyId,
  owner,
  selfId,
  values,
  onChange,
  problems,
}: {
  prefix: string;
  strategyId: string;
  /** The organisation owning the strategy: initiatives belong to it or to one below it. */
  owner: string;
  /** The initiative revised, which cannot depend on itself. */
  selfId?: string;
  values: InitiativeValues;
  onChange: (v: InitiativeValues) => void;
  problems: FieldProblem[];
}) {
  const t = useT(initiativeMessages);
  const tc = useT(common);
  const labels = usePortfolioLabels();
  const orgs = useOrganisations();
  const tree = useStrategyTree(strategyId);
  const coverage = useCoverage(strategyId);
  const initiatives = useInitiatives(strategyId);
  const [showAllDeps, setShowAllDeps] = useState(false);
  const id = (name: string) => fieldId(prefix, name);
  const set = <K extends keyof InitiativeValues>(key: K, value: InitiativeValues[K]) => onChange({ ...values, [key]: value });
  const err = (name: string) => problemAt(problems, id(name));

  // The region itself and the organisations below it may own an initiative.
  const eligible = (orgs.data ?? []).filter((o) => o.id === owner || o.parent === owner || (o.parent !== null && (orgs.data ?? []).some((p) => p.id === o.parent && p.parent === owner)));
  const themes = (tree.data?.sections ?? []).flatMap(function walk(s): { key: string; title: string }[] {
    return [...(s.kind === "initiative" ? [{ key: s.key, title: [s.code, s.title].filter(Boolean).join(" ") }] : []), ...s.children.flatMap(walk)];
  });
  const sections = coverage.data?.sections ?? [];
  const others = (initiatives.data ?? []).filter((i) => i.id !== selfId);
  const shownDeps = showAllDeps || others.length <= 12 ? others : others.filter((i) => values.dependsOn.includes(i.id)).concat(others.filter((i) => !values.dependsOn.includes(i.id)).slice(0, 12));

  function updateLink(linkId: string, change: Partial<LinkRow>) {
    onChange({ ...values, links: values.links.map((l) => (l.id === linkId ? { ...l, ...change } : l)) });
  }
  function addLink() {
    const linkId = `l${values.nextLink}`;
    onChange({ ...values, links: [...values.links, { id: linkId, section: "", keyResult: "", direction: "positive", size: "medium", note: "" }], nextLink: values.nextLink + 1 });
    requestAnimationFrame(() => document.getElementById(id(`link-${linkId}-section`))?.focus());
  }
  function removeLink(linkId: string) {
    onChange({ ...values, links: values.links.filter((l) => l.id !== linkId) });
    requestAnimationFrame(() => document.getElementById(id("links-add"))?.focus());
  }
  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <div className="stack">
      <Textfield id={id("title")} label={t("fieldTitle")} value={values.title} onChange={(e) => set("title", e.target.value)} error={err("title")} autoComplete="off" />
      <Textfield
        id={id("description")}
        label={t("fieldDescription")}
        multiline
        rows={4}
        value={values.description}
        onChange={(e) => set("description", e.target.value)}
        error={err("description")}
      />
      <div className="ini-form-grid">
        <Field>
          <Label htmlFor={id("organisation")}>{t("fieldOrganisation")}</Label>
          <Select
            id={id("organisation")}
            value={values.organisation}
            onChange={(e) => set("organisation", e.target.value)}
            aria-invalid={err("organisation") ? true : undefined}
            aria-describedby={err("organisation") ? id("organisation-error") : undefined}
          >
            <option value="">{t("chooseOrganisation")}</option>
            {eligible.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
          {err("organisation") && <ValidationMessage id={id("organisation-error")}>{err("organisation")}</ValidationMessage>}
        </Field>
        <Field>
          <Label htmlFor={id("kind")}>{t("fieldKind")}</Label>
          <Select
            id={id("kind")}
            value={values.kind}
            onChange={(e) => set("kind", e.target.value as Kind)}
            aria-invalid={err("kind") ? true : undefined}
            aria-describedby={err("kind") ? id("kind-error") : undefined}
          >
            <option value="">{t("chooseKind")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {labels.kind(k)}
              </option>
            ))}
          </Select>
          {err("kind") && <ValidationMessage id={id("kind-error")}>{err("kind")}</ValidationMessage>}
        </Field>
        <Textfield id={id("sponsor")} label={t("fieldSponsor")} value={values.sponsor} onChange={(e) => set("sponsor", e.target.value)} error={err("sponsor")} autoComplete="off" />
        <Textfield id={id("ownerName")} label={t("fieldOwnerName")} value={values.ownerName} onChange={(e) => set("ownerName", e.target.value)} error={err("ownerName")} autoComplete="off" />
        <Field>
          <Label htmlFor={id("theme")}>{t("fieldTheme")}</Label>
          <Select id={id("theme")} value={values.theme} onChange={(e) => set("theme", e.target.value)} aria-describedby={err("theme") ? id("theme-error") : undefined}>
            <option value="">{t("noTheme")}</option>
            {themes.map((s) => (
              <option key={s.key} value={s.key}>
                {s.title}
              </option>
            ))}
          </Select>
          {err("theme") && <ValidationMessage id={id("theme-error")}>{err("theme")}</ValidationMessage>}
        </Field>
        <Textfield
          id={id("fundingSource")}
          label={t("fieldFundingSource")}
          description={t("fundingSourceHelp")}
          value={values.fundingSource}
          onChange={(e) => set("fundingSource", e.target.value)}
          error={err("fundingSource")}
          autoComplete="off"
        />
        <Textfield id={id("plannedStart")} type="date" label={t("fieldPlannedStart")} value={values.plannedStart} onChange={(e) => set("plannedStart", e.target.value)} error={err("plannedStart")} />
        <Textfield id={id("plannedEnd")} type="date" label={t("fieldPlannedEnd")} value={values.plannedEnd} onChange={(e) => set("plannedEnd", e.target.value)} error={err("plannedEnd")} />
        <Field>
          <Label htmlFor={id("reportFrequency")}>{t("fieldReportFrequency")}</Label>
          <Select id={id("reportFrequency")} value={values.reportFrequency} onChange={(e) => set("reportFrequency", e.target.value as ReportFrequency)}>
            {REPORT_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {tc(`grain_${f}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Textfield id={id("tags")} label={t("fieldTags")} description={t("tagsHelp")} value={values.tags} onChange={(e) => set("tags", e.target.value)} error={err("tags")} autoComplete="off" />
      </div>

      <Fieldset>
        <Fieldset.Legend>{t("linksLegend")}</Fieldset.Legend>
        <Fieldset.Description>{t("linksHelp")}</Fieldset.Description>
        {values.links.length === 0 && <p className="muted">{t("noLinksYet")}</p>}
        <ol className="ini-link-rows">
          {values.links.map((l, n) => {
            const section = sections.find((s) => s.key === l.section);
            const rowErr = err(`link-${l.id}-section`);
            return (
              <li key={l.id} className="ini-link-row" aria-label={t("linkN", { n: n + 1 })}>
                <Field>
                  <Label htmlFor={id(`link-${l.id}-section`)}>{tc("focusArea")}</Label>
                  <Select
                    id={id(`link-${l.id}-section`)}
                    value={l.section}
                    onChange={(e) => updateLink(l.id, { section: e.target.value, keyResult: "" })}
                    aria-invalid={rowErr ? true : undefined}
                    aria-describedby={rowErr ? id(`link-${l.id}-error`) : undefined}
                  >
                    <option value="">{t("chooseFocusArea")}</option>
                    {sections.map((s) => (
                      <option key={s.key} value={s.key}>
                        {[s.code, s.title].filter(Boolean).join(" ")}
                      </option>
                    ))}
                  </Select>
                  {rowErr && <ValidationMessage id={id(`link-${l.id}-error`)}>{rowErr}</ValidationMessage>}
                </Field>
                <Field>
                  <Label htmlFor={id(`link-${l.id}-kr`)}>{tc("keyResult")}</Label>
                  <Select id={id(`link-${l.id}-kr`)} value={l.keyResult} disabled={!section} onChange={(e) => updateLink(l.id, { keyResult: e.target.value })}>
                    <option value="">{t("wholeFocusArea")}</option>
                    {(section?.keyResults ?? []).map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.code} {k.title}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field>
                  <Label htmlFor={id(`link-${l.id}-direction`)}>{t("direction")}</Label>
                  <Select id={id(`link-${l.id}-direction`)} value={l.direction} onChange={(e) => updateLink(l.id, { direction: e.target.value as Direction })}>
                    {DIRECTIONS.map((d) => (
                      <option key={d} value={d}>
                        {labels.direction(d)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field>
                  <Label htmlFor={id(`link-${l.id}-size`)}>{t("size")}</Label>
                  <Select id={id(`link-${l.id}-size`)} value={l.size} onChange={(e) => updateLink(l.id, { size: e.target.value as LinkSize })}>
                    {LINK_SIZES.map((s) => (
                      <option key={s} value={s}>
                        {labels.linkSize(s)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Textfield id={id(`link-${l.id}-note`)} className="ini-link-note" label={t("linkNote")} value={l.note} onChange={(e) => updateLink(l.id, { note: e.target.value })} />
                <div className="ini-link-remove">
                  <Button type="button" variant="tertiary" data-size="sm" onClick={() => removeLink(l.id)}>
                    {t("removeLinkN", { n: n + 1 })}
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <div>
          <Button type="button" variant="secondary" data-size="sm" id={id("links-add")} onClick={addLink} disabled={sections.length === 0}>
            {t("addLink")}
          </Button>
        </div>
        {err("links-add") && <ValidationMessage>{err("links-add")}</ValidationMessage>}
      </Fieldset>

      <Fieldset id={id("participants")} tabIndex={-1}>
        <Fieldset.Legend>{t("participantsLegend")}</Fieldset.Legend>
        <Fieldset.Description>{t("participantsHelp")}</Fieldset.Description>
        <div className="ini-checks">
          {eligible
            .filter((o) => o.id !== values.organisation)
            .map((o) => (
              <Checkbox
                key={o.id}
                id={id(`participant-${o.id}`)}
                label={o.name}
                checked={values.participants.includes(o.id)}
                onChange={(e) => set("participants", toggle(values.participants, o.id, e.target.checked))}
              />
            ))}
        </div>
        {err("participants") && <ValidationMessage>{err("participants")}</ValidationMessage>}
      </Fieldset>

      <Fieldset id={id("dependsOn")} tabIndex={-1}>
        <Fieldset.Legend>{t("dependsOnLegend")}</Fieldset.Legend>
        <Fieldset.Description>{t("dependsOnHelp")}</Fieldset.Description>
        {others.length === 0 ? (
          <p className="muted">{t("noOtherInitiatives")}</p>
        ) : (
          <div className="ini-checks">
            {shownDeps.map((i) => (
              <Checkbox
                key={i.id}
                id={id(`depends-${i.id}`)}
                label={`${i.code} ${i.title}`}
                checked={values.dependsOn.includes(i.id)}
                onChange={(e) => set("dependsOn", toggle(values.dependsOn, i.id, e.target.checked))}
              />
            ))}
          </div>
        )}
        {shownDeps.length < others.length && (
          <div>
            <Button type="button" variant="tertiary" data-size="sm" onClick={() => setShowAllDeps(true)}>
              {t("showAllInitiatives", { count: others.length })}
            </Button>
          </div>
        )}
        {err("dependsOn") && <ValidationMessage>{err("dependsOn")}</ValidationMessage>}
      </Fieldset>
    </div>
  );
}
