import { Alert, Button, Card, Checkbox, Dialog, Divider, Field, Fieldset, Heading, Label, Paragraph, Select, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { Link as RouterLink, useLocation } from "wouter";
import type { Organisation, Section } from "../../api/client.js";
import { ApiError, client, ok } from "../../api/client.js";
import { portfolioKeys, refreshPortfolio, useNeeds, type Need } from "../../api/portfolio.js";
import { useOrganisations, useStrategyTree } from "../../api/queries.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatDate } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { urls } from "../../urls.js";
import { serverProblems } from "../admin/shared.js";
import { isNeedStatus, KINDS, NEED_SIZES, NEED_STATUSES, usePortfolioLabels, type NeedStatus } from "../portfolio/labels.js";
import { areaName, focusAreasOf, useOrgNames, type FocusArea } from "../portfolio/shared.js";
import { needsMessages } from "./messages.js";
import "./needs.css";

const STATUS_COLOR: Record<NeedStatus, "info" | "neutral" | "success" | "danger"> = { open: "info", merged: "neutral", converted: "success", declined: "danger" };

interface Theme {
  key: string;
  label: string;
}

/** The strategy's "aktuelle strategiske initiativ" (sections of kind initiative), grouped by the focus area they sit in. */
function themesOf(sections: Section[], areas: FocusArea[], areaOf: Map<string, string>): { area: string; themes: Theme[] }[] {
  const flat: Section[] = [];
  const walk = (list: Section[]) => list.forEach((s) => (flat.push(s), walk(s.children)));
  walk(sections);
  const byKey = new Map(flat.map((s) => [s.key, s]));
  const themes = flat.filter((s) => s.kind === "initiative");
  const groups = new Map<string, Theme[]>();
  for (const s of themes) {
    const parent = s.parentKey ? byKey.get(s.parentKey) : undefined;
    const code = parent?.code && s.code ? `${parent.code}.${s.code}` : s.code;
    const area = areaOf.get(s.key) ?? "";
    groups.set(area, [...(groups.get(area) ?? []), { key: s.key, label: code ? `${code} ${s.title}` : s.title }]);
  }
  const name = (key: string) => {
    const a = areas.find((x) => x.key === key);
    return a ? areaName(a) : "";
  };
  return [...groups.entries()].map(([area, list]) => ({ area: name(area), themes: list }));
}

/** A labelled select with its description and fault, for the forms on this page. */
function SelectField({ id, label, description, error, value, onChange, children }: { id: string; label: string; description?: string; error?: string | undefined; value: string; onChange: (v: string) => void; children: ReactNode }) {
  const described = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      {description && (
        <Paragraph data-size="sm" id={`${id}-description`} className="muted field-help">
          {description}
        </Paragraph>
      )}
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={described || undefined}>
        {children}
      </Select>
      {error && <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage>}
    </Field>
  );
}

/** Whom the signed-in person may speak for in this portfolio: organisations of the strategy's owner they may propose for. */
function useProposers(): Organisation[] {
  const { strategy } = useCurrent();
  const orgs = useOrganisations();
  const { can } = useCan();
  return useMemo(
    () => (strategy ? (orgs.data ?? []).filter((o) => can({ do: "portfolio.propose", organisation: o.id, region: strategy.owner })) : []),
    [orgs.data, strategy, can],
  );
}

/** Needs intake: the list by status, "we have this too", triage for the portfolio's governors, and the registration form. */
export default function Needs() {
  const t = useT(needsMessages);
  const labels = usePortfolioLabels();
  const { strategyId, strategy } = useCurrent();
  const needs = useNeeds(strategyId);
  const tree = useStrategyTree(strategyId);
  const [statusParam, setStatus] = useQueryParam("status", "open");
  const status = statusParam === "all" || isNeedStatus(statusParam) ? statusParam : "open";
  const [announcement, setAnnouncement] = useState("");
  // The dialogs follow the need as the list refreshes (a conflict brings its newer version).
  const [supportingId, setSupporting] = useState<string | null>(null);
  const [triagingId, setTriaging] = useState<string | null>(null);
  const supporting = needs.data?.find((n) => n.id === supportingId) ?? null;
  const triaging = needs.data?.find((n) => n.id === triagingId) ?? null;
  const { can, ready, signedIn } = useCan();
  const proposers = useProposers();
  const govern = strategy !== undefined && can({ do: "portfolio.govern", organisation: strategy.owner });
  const { areas, areaOf } = useMemo(() => focusAreasOf(tree.data), [tree.data]);
  usePageTitle(strategy ? `${t("title")}: ${strategy.title}` : t("title"));

  return (
    <>
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph className="muted">{t("intro")}</Paragraph>
        </div>
        {proposers.length > 0 && (
          <Button asChild variant="secondary">
            <a href="#need-register">{t("toRegister")}</a>
          </Button>
        )}
      </div>
      <div role="status">{announcement && <Alert data-color="success">{announcement}</Alert>}</div>
      <Loaded query={needs}>
        {(list) => {
          const count = (s: NeedStatus) => list.filter((n) => n.status === s).length;
          const shown = status === "all" ? list : list.filter((n) => n.status === status);
          return (
            <section aria-labelledby="needs-list" className="stack">
              <Heading level={2} data-size="md" id="needs-list">
                {t("listHeading")}
              </Heading>
              <div className="needs-filter">
                <SelectField id="needs-status" label={t("show")} value={status} onChange={(v) => setStatus(v === "open" ? undefined : v)}>
                  {NEED_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t("statusOption", { status: labels.needStatus(s), count: count(s) })}
                    </option>
                  ))}
                  <option value="all">{t("all", { count: list.length })}</option>
                </SelectField>
              </div>
              {shown.length === 0 ? (
                <Paragraph className="muted">{list.length === 0 ? t("emptyAll") : t("emptyStatus", { status: status === "all" ? "" : labels.needStatus(status) })}</Paragraph>
              ) : (
                <ul className="need-cards">
                  {shown.map((n) => (
                    <NeedCard
                      key={n.id}
                      need={n}
                      all={list}
                      areas={areas}
                      themes={tree.data?.sections ?? []}
                      canSupport={n.status === "open" && proposers.some((o) => o.id !== n.organisationId && !n.supporters.some((s) => s.organisationId === o.id))}
                      canTriage={govern && n.status === "open"}
                      onSupport={() => setSupporting(n.id)}
                      onTriage={() => setTriaging(n.id)}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        }}
      </Loaded>

      <section aria-labelledby="need-register" className="stack needs-register">
        <Heading level={2} data-size="md" id="need-register" tabIndex={-1}>
          {t("registerHeading")}
        </Heading>
        {!ready ? null : proposers.length > 0 ? (
          <RegisterForm proposers={proposers} areas={areas} areaOf={areaOf} sections={tree.data?.sections ?? []} onRegistered={setAnnouncement} />
        ) : signedIn ? (
          <Paragraph>{t("noProposeRight")}</Paragraph>
        ) : (
          <SignInNote />
        )}
      </section>

      <Dialog open={supporting !== null} onClose={() => setSupporting(null)} closeButton={t("cancel")} aria-labelledby="support-title" closedby="any">
        {supporting && (
          <SupportForm
            key={supporting.id}
            need={supporting}
            proposers={proposers}
            onDone={(text) => {
              setAnnouncement(text);
              setSupporting(null);
            }}
          />
        )}
      </Dialog>
      <Dialog open={triaging !== null} onClose={() => setTriaging(null)} closeButton={t("cancel")} aria-labelledby="triage-title" closedby="any">
        {triaging && (
          <Triage
            key={triaging.id}
            need={triaging}
            others={(needs.data ?? []).filter((n) => n.status === "open" && n.id !== triaging.id)}
            onDone={(text) => {
              setAnnouncement(text);
              setTriaging(null);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function SignInNote() {
  const t = useT(needsMessages);
  const [location] = useLocation();
  return (
    <Paragraph>
      <RouterLink href={urls.signIn(location)}>{t("signInToRegister")}</RouterLink>
    </Paragraph>
  );
}

function NeedCard({
  need: n,
  all,
  areas,
  themes,
  canSupport,
  canTriage,
  onSupport,
  onTriage,
}: {
  need: Need;
  all: Need[];
  areas: FocusArea[];
  themes: Section[];
  canSupport: boolean;
  canTriage: boolean;
  onSupport: () => void;
  onTriage: () => void;
}) {
  const t = useT(needsMessages);
  const labels = usePortfolioLabels();
  const names = useOrgNames();
  const { region, strategyId, strategy } = useCurrent();
  const theme = useMemo(() => {
    const find = (list: Section[]): Section | undefined => list.reduce<Section | undefined>((hit, s) => hit ?? (s.key === n.themeKey ? s : find(s.children)), undefined);
    return n.themeKey ? find(themes) : undefined;
  }, [themes, n.themeKey]);
  const areaNames = n.sectionKeys.map((k) => {
    const a = areas.find((x) => x.key === k);
    return a ? areaName(a) : k;
  });
  const into = n.mergedInto ? all.find((x) => x.id === n.mergedInto) : undefined;
  const id = `need-${n.id}`;
  const status: NeedStatus = isNeedStatus(n.status) ? n.status : "open";
  return (
    <li>
      <Card data-color="neutral" className="need-card">
        <div className="need-card-head">
          <Heading level={3} data-size="xs" id={id} lang={strategy?.language}>
            {n.title}
          </Heading>
          <Tag data-color={STATUS_COLOR[status]} data-size="sm">
            {labels.needStatus(n.status)}
          </Tag>
        </div>
        <Paragraph data-size="sm" className="muted">
          {t("registeredBy", { org: names.name(n.organisationId), date: formatDate(n.submittedAt) })}
        </Paragraph>
        <Paragraph className="need-problem">{n.problem}</Paragraph>
        <dl className="need-facts">
          {n.whoHasIt && (
            <div>
              <dt>{t("whoHasIt")}</dt>
              <dd>{n.whoHasIt}</dd>
            </div>
          )}
          <div>
            <dt>{t("size")}</dt>
            <dd>{labels.needSize(n.size)}</dd>
          </div>
          {theme && (
            <div>
              <dt>{t("theme")}</dt>
              <dd lang={strategy?.language}>{theme.title}</dd>
            </div>
          )}
          {areaNames.length > 0 && (
            <div>
              <dt>{t("areas")}</dt>
              <dd lang={strategy?.language}>{areaNames.join("; ")}</dd>
            </div>
          )}
          <div>
            <dt>{t("supporters")}</dt>
            <dd>{n.supporters.length === 0 ? t("noSupporters") : n.supporters.map((s) => names.name(s.organisationId)).join(", ")}</dd>
          </div>
        </dl>
        {n.status === "merged" && <Paragraph data-size="sm">{into ? t("mergedInto", { title: into.title }) : t("mergedIntoUnknown")}</Paragraph>}
        {n.status === "converted" && n.initiativeId && (
          <Paragraph data-size="sm">
            <RouterLink href={urls.initiative(region, strategyId, n.initiativeId)}>{t("convertedTo")}</RouterLink>
          </Paragraph>
        )}
        {(canSupport || canTriage) && (
          <div className="need-actions">
            {canSupport && (
              <Button variant="secondary" data-size="sm" onClick={onSupport} aria-label={t("supportLabel", { title: n.title })}>
                {t("support")}
              </Button>
            )}
            {canTriage && (
              <Button variant="secondary" data-size="sm" onClick={onTriage} aria-label={t("triageLabel", { title: n.title })}>
                {t("triage")}
              </Button>
            )}
          </div>
        )}
      </Card>
    </li>
  );
}

/** A failed write's message: a conflict asks to look again; faults go to their fields. */
function useFailure() {
  const t = useT(needsMessages);
  return (err: unknown, fields: Record<string, { target: string; label: string }>, fallback: { target: string; label: string }): FieldProblem[] => {
    if (err instanceof ApiError && (err.status === 409 || err.status === 412)) return [{ ...fallback, message: t("conflict") }];
    if (err instanceof ApiError) return serverProblems(err, fields, fallback);
    return [{ ...fallback, message: t("network") }];
  };
}

function RegisterForm({
  proposers,
  areas,
  areaOf,
  sections,
  onRegistered,
}: {
  proposers: Organisation[];
  areas: FocusArea[];
  areaOf: Map<string, string>;
  sections: Section[];
  onRegistered: (text: string) => void;
}) {
  const t = useT(needsMessages);
  const labels = usePortfolioLabels();
  const { strategyId, strategy } = useCurrent();
  const queryClient = useQueryClient();
  const failure = useFailure();
  const [organisation, setOrganisation] = useState(proposers.length === 1 ? (proposers[0]?.id ?? "") : "");
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState("");
  const [whoHasIt, setWhoHasIt] = useState("");
  const [size, setSize] = useState("");
  const [theme, setTheme] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const { problems, attempt, show } = useFormProblems();
  const themes = useMemo(() => themesOf(sections, areas, areaOf), [sections, areas, areaOf]);
  const fields = {
    organisation: { target: "need-organisation", label: t("organisation") },
    title: { target: "need-title", label: t("needTitle") },
    problem: { target: "need-problem", label: t("problem") },
    whoHasIt: { target: "need-who", label: t("whoHasIt") },
    size: { target: "need-size", label: t("size") },
    theme: { target: "need-theme", label: t("theme") },
    sections: { target: `need-area-${areas[0]?.key ?? "none"}`, label: t("areas") },
  };

  const register = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/needs", {
          body: {
            strategy: strategyId,
            organisation,
            title: title.trim(),
            problem: problem.trim(),
            ...(whoHasIt.trim() ? { whoHasIt: whoHasIt.trim() } : {}),
            size: size as (typeof NEED_SIZES)[number],
            ...(theme ? { theme } : {}),
            ...(chosen.length > 0 ? { sections: chosen } : {}),
          },
        }),
      ),
    onSuccess: async (need) => {
      setTitle("");
      setProblem("");
      setWhoHasIt("");
      setSize("");
      setTheme("");
      setChosen([]);
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
      onRegistered(t("registered", { title: need.title }));
    },
    onError: (err) => show(failure(err, fields, fields.title)),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (register.isPending) return;
    const found: FieldProblem[] = [];
    if (!organisation) found.push({ ...fields.organisation, message: t("chooseOrganisation") });
    if (!title.trim()) found.push({ ...fields.title, message: t("required", { field: t("needTitle").toLowerCase() }) });
    if (!problem.trim()) found.push({ ...fields.problem, message: t("required", { field: t("problem").toLowerCase() }) });
    if (!size) found.push({ ...fields.size, message: t("chooseSize") });
    if (show(found)) register.mutate();
  }

  return (
    <Card data-color="neutral">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="need-register">
        <Paragraph>{t("registerIntro")}</Paragraph>
        <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={3} />
        <div className="need-form">
          <SelectField id={fields.organisation.target} label={t("organisation")} value={organisation} onChange={setOrganisation} error={problemAt(problems, fields.organisation.target)}>
            <option value="">{t("chooseOrganisation")}</option>
            {proposers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <SelectField id={fields.size.target} label={t("size")} description={t("sizeHelp")} value={size} onChange={setSize} error={problemAt(problems, fields.size.target)}>
            <option value="">{t("chooseSize")}</option>
            {NEED_SIZES.map((s) => (
              <option key={s} value={s}>
                {labels.needSize(s)}
              </option>
            ))}
          </SelectField>
        </div>
        <Textfield id={fields.title.target} label={t("needTitle")} value={title} onChange={(e) => setTitle(e.target.value)} error={problemAt(problems, fields.title.target)} autoComplete="off" />
        <Textfield
          id={fields.problem.target}
          label={t("problem")}
          description={t("problemHelp")}
          multiline
          rows={4}
          value={problem}
          onChange={(e) => setProblem(e.target.value)}
          error={problemAt(problems, fields.problem.target)}
        />
        <Textfield
          id={fields.whoHasIt.target}
          label={t("whoHasIt")}
          description={t("whoHasItHelp")}
          value={whoHasIt}
          onChange={(e) => setWhoHasIt(e.target.value)}
          error={problemAt(problems, fields.whoHasIt.target)}
          autoComplete="off"
        />
        {themes.length > 0 && (
          <SelectField id={fields.theme.target} label={t("theme")} description={t("themeHelp")} value={theme} onChange={setTheme} error={problemAt(problems, fields.theme.target)}>
            <option value="">{t("noTheme")}</option>
            {themes.map((g) => (
              <optgroup key={g.area} label={g.area} lang={strategy?.language}>
                {g.themes.map((th) => (
                  <option key={th.key} value={th.key}>
                    {th.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
        )}
        {areas.length > 0 && (
          <Fieldset>
            <Fieldset.Legend>{t("areas")}</Fieldset.Legend>
            <Fieldset.Description>{t("areasHelp")}</Fieldset.Description>
            <div className="need-areas" lang={strategy?.language}>
              {areas.map((a) => (
                <Checkbox
                  key={a.key}
                  id={`need-area-${a.key}`}
                  label={areaName(a)}
                  value={a.key}
                  checked={chosen.includes(a.key)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, a.key] : c.filter((k) => k !== a.key)))}
                />
              ))}
            </div>
            {problemAt(problems, fields.sections.target) && <ValidationMessage>{problemAt(problems, fields.sections.target)}</ValidationMessage>}
          </Fieldset>
        )}
        <div>
          <Button type="submit" loading={register.isPending}>
            {t("registerSubmit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function SupportForm({ need, proposers, onDone }: { need: Need; proposers: Organisation[]; onDone: (text: string) => void }) {
  const t = useT(needsMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const failure = useFailure();
  const candidates = proposers.filter((o) => o.id !== need.organisationId && !need.supporters.some((s) => s.organisationId === o.id));
  const [organisation, setOrganisation] = useState(candidates.length === 1 ? (candidates[0]?.id ?? "") : "");
  const [note, setNote] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const fields = { organisation: { target: "support-org", label: t("supportOrg") }, note: { target: "support-note", label: t("supportNote") } };

  const support = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/needs/{id}/supporters", { params: { path: { id: need.id } }, body: { organisation, ...(note.trim() ? { note: note.trim() } : {}) } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
      onDone(t("supported", { org: candidates.find((o) => o.id === organisation)?.name ?? organisation, title: need.title }));
    },
    onError: (err) => show(failure(err, fields, fields.organisation)),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (support.isPending) return;
    if (show(organisation ? [] : [{ ...fields.organisation, message: t("chooseOrganisation") }])) support.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="support-title">
      <Heading level={2} data-size="sm" id="support-title">
        {t("supportTitle", { title: need.title })}
      </Heading>
      <Paragraph>{t("supportIntro")}</Paragraph>
      {candidates.length === 0 ? (
        <Paragraph>{t("supportNone")}</Paragraph>
      ) : (
        <>
          <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={3} />
          <SelectField id={fields.organisation.target} label={t("supportOrg")} value={organisation} onChange={setOrganisation} error={problemAt(problems, fields.organisation.target)}>
            <option value="">{t("chooseOrganisation")}</option>
            {candidates.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <Textfield id={fields.note.target} label={t("supportNote")} multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={problemAt(problems, fields.note.target)} />
          <div>
            <Button type="submit" loading={support.isPending}>
              {t("supportSubmit")}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}

/** The governors' three ways with an open need: make it an initiative, merge it into another, or decline it. */
function Triage({ need, others, onDone }: { need: Need; others: Need[]; onDone: (text: string) => void }) {
  const t = useT(needsMessages);
  return (
    <div className="stack">
      <Heading level={2} data-size="sm" id="triage-title">
        {t("triageTitle", { title: need.title })}
      </Heading>
      <ConvertForm need={need} />
      <Divider />
      <MergeForm need={need} others={others} onDone={onDone} />
      <Divider />
      <DeclineForm need={need} onDone={onDone} />
    </div>
  );
}

const ifMatch = (need: Need) => ({ "if-match": `"${need.version}"` });

function ConvertForm({ need }: { need: Need }) {
  const t = useT(needsMessages);
  const labels = usePortfolioLabels();
  const { region, strategyId } = useCurrent();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const failure = useFailure();
  const [kind, setKind] = useState("");
  const [title, setTitle] = useState(need.title);
  const { problems, attempt, show } = useFormProblems();
  const fields = { kind: { target: "convert-kind", label: t("kind") }, title: { target: "convert-title", label: t("initiativeTitle") } };

  const convert = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/needs/{id}/convert", {
          params: { path: { id: need.id } },
          headers: ifMatch(need),
          body: { kind: kind as (typeof KINDS)[number], ...(title.trim() && title.trim() !== need.title ? { title: title.trim() } : {}) },
        }),
      ),
    onSuccess: async (initiative) => {
      await refreshPortfolio(queryClient, strategyId);
      navigate(urls.initiative(region, strategyId, initiative.id));
    },
    onError: async (err) => {
      show(failure(err, fields, fields.kind));
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (convert.isPending) return;
    const found: FieldProblem[] = [];
    if (!kind) found.push({ ...fields.kind, message: t("chooseKind") });
    if (!title.trim()) found.push({ ...fields.title, message: t("required", { field: t("initiativeTitle").toLowerCase() }) });
    if (show(found)) convert.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="convert-heading">
      <Heading level={3} data-size="xs" id="convert-heading">
        {t("convertHeading")}
      </Heading>
      <Paragraph data-size="sm">{t("convertIntro")}</Paragraph>
      <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={4} />
      <SelectField id={fields.kind.target} label={t("kind")} value={kind} onChange={setKind} error={problemAt(problems, fields.kind.target)}>
        <option value="">{t("chooseKind")}</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {labels.kind(k)}
          </option>
        ))}
      </SelectField>
      <Textfield id={fields.title.target} label={t("initiativeTitle")} value={title} onChange={(e) => setTitle(e.target.value)} error={problemAt(problems, fields.title.target)} autoComplete="off" />
      <div>
        <Button type="submit" loading={convert.isPending}>
          {t("convertSubmit")}
        </Button>
      </div>
    </form>
  );
}

function MergeForm({ need, others, onDone }: { need: Need; others: Need[]; onDone: (text: string) => void }) {
  const t = useT(needsMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const failure = useFailure();
  const [into, setInto] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const fields = { into: { target: "merge-into", label: t("mergeInto") } };

  const merge = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/needs/{id}/merge", { params: { path: { id: need.id } }, headers: ifMatch(need), body: { into } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
      onDone(t("merged", { title: need.title, into: others.find((o) => o.id === into)?.title ?? "" }));
    },
    onError: async (err) => {
      show(failure(err, fields, fields.into));
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (merge.isPending) return;
    if (show(into ? [] : [{ ...fields.into, message: t("chooseNeed") }])) merge.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="merge-heading">
      <Heading level={3} data-size="xs" id="merge-heading">
        {t("mergeHeading")}
      </Heading>
      <Paragraph data-size="sm">{t("mergeIntro")}</Paragraph>
      {others.length === 0 ? (
        <Paragraph data-size="sm" className="muted">
          {t("mergeNone")}
        </Paragraph>
      ) : (
        <>
          <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={4} />
          <SelectField id={fields.into.target} label={t("mergeInto")} value={into} onChange={setInto} error={problemAt(problems, fields.into.target)}>
            <option value="">{t("chooseNeed")}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </SelectField>
          <div>
            <Button type="submit" variant="secondary" loading={merge.isPending}>
              {t("mergeSubmit")}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}

function DeclineForm({ need, onDone }: { need: Need; onDone: (text: string) => void }) {
  const t = useT(needsMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const failure = useFailure();
  const [reason, setReason] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const fields = { reason: { target: "decline-reason", label: t("reason") } };

  const decline = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/needs/{id}/decline", { params: { path: { id: need.id } }, headers: ifMatch(need), body: { reason: reason.trim() } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
      onDone(t("declined", { title: need.title }));
    },
    onError: async (err) => {
      show(failure(err, fields, fields.reason));
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.needs(strategyId) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (decline.isPending) return;
    if (show(reason.trim() ? [] : [{ ...fields.reason, message: t("required", { field: t("reason").toLowerCase() }) }])) decline.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="decline-heading">
      <Heading level={3} data-size="xs" id="decline-heading">
        {t("declineHeading")}
      </Heading>
      <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={4} />
      <Textfield id={fields.reason.target} label={t("reason")} multiline rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={problemAt(problems, fields.reason.target)} />
      <div>
        <Button type="submit" data-color="danger" variant="secondary" loading={decline.isPending}>
          {t("declineSubmit")}
        </Button>
      </div>
    </form>
  );
}
