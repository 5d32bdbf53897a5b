import { Alert, Card, Heading, Link, Paragraph, Tabs } from "@digdir/designsystemet-react";
import { useQueries } from "@tanstack/react-query";
import { Fragment, type ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import { client, ok, type Answer, type Section, type StrategySummary, type StrategyTree } from "../../api/client.js";
import { useAlignments, useStrategies, useStrategyTree } from "../../api/queries.js";
import { DataTable } from "../../components/DataTable.js";
import { ErrorState, Loading } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { common } from "../../i18n/common.js";
import { useT, type Translate } from "../../i18n/i18n.js";
import { urls } from "../../urls.js";
import "./alignment.css";
import { alignmentMessages } from "./messages.js";

type AlignmentLink = Answer<"/api/v1/strategies/{id}/alignments">[number];
type Msg = keyof (typeof alignmentMessages)["nb"];

const VIEWS = ["objectives", "goals"] as const;
type View = (typeof VIEWS)[number];

/** Every section of a tree, parents before their children, in the order they are written. */
function flatten(sections: Section[]): Section[] {
  return sections.flatMap((s) => [s, ...flatten(s.children)]);
}

const goalId = (strategy: string, section: string) => `${strategy}:${section}`;

/** A message with React nodes in its placeholders, so titles keep their own `lang`. */
function rich(t: Translate<Msg>, key: Msg, nodes: Record<string, ReactNode>): ReactNode {
  const marks = Object.fromEntries(Object.keys(nodes).map((k) => [k, `\u0001${k}\u0001`]));
  return t(key, marks)
    .split("\u0001")
    .map((part, i) => (i % 2 === 1 ? <Fragment key={i}>{nodes[part]}</Fragment> : part));
}

const titled = (s: { code: string | null; title: string }) => (s.code ? `${s.code} ${s.title}` : s.title);

export default function Alignment() {
  const t = useT(alignmentMessages);
  const tc = useT(common);
  const { region, strategyId, strategy: summary } = useCurrent();
  const [goalParam, setGoal] = useQueryParam("goal", "");
  const [viewParam, setView] = useQueryParam("view", goalParam ? "goals" : "objectives");
  const view: View = (VIEWS as readonly string[]).includes(viewParam) ? (viewParam as View) : "objectives";
  const tree = useStrategyTree(strategyId);
  const links = useAlignments(strategyId);
  const strategies = useStrategies();
  usePageTitle(tree.data ? `${tc("navAlignment")}: ${tree.data.title}` : undefined);

  const parentId = tree.data?.parent ?? summary?.parent ?? null;
  const outgoing = (links.data ?? []).filter((l) => l.fromStrategy === strategyId);
  const plans = [...new Set([...(parentId ? [parentId] : []), ...outgoing.map((l) => l.toStrategy)])];
  const planTrees = useQueries({
    queries: plans.map((id) => ({
      queryKey: ["strategy", id, "current"],
      queryFn: () => ok(client.GET("/api/v1/strategies/{id}", { params: { path: { id }, query: {} } })),
    })),
  });
  const planLinks = useQueries({
    queries: plans.map((id) => ({
      queryKey: ["alignments", id],
      queryFn: () => ok(client.GET("/api/v1/strategies/{id}/alignments", { params: { path: { id } } })),
    })),
  });

  const pending = [tree, links, strategies, ...planTrees, ...planLinks].find((q) => q.isPending);
  const failed = [tree, links, strategies, ...planTrees, ...planLinks].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} />;
  if (pending || !tree.data || !links.data) return <Loading />;

  const strategy = tree.data;
  const byId = new Map<string, StrategySummary>((strategies.data ?? []).map((s) => [s.id, s]));
  const plansData = plans.map((id, i) => ({ id, tree: planTrees[i]!.data as StrategyTree, links: (planLinks[i]!.data ?? []) as AlignmentLink[] }));
  const parent = parentId ? byId.get(parentId) : undefined;
  const anyLinks = links.data.length > 0;
  const parentHasGoals = plansData.some((p) => goalsOf(p.tree, p.links).length > 0);

  const ours = new Map(flatten(strategy.sections).map((s) => [s.key, s]));
  const planName = (id: string) => {
    const s = byId.get(id);
    return <span lang={s?.language}>{s?.title ?? id}</span>;
  };
  const changeView = (v: string) => {
    setView(v);
    if (v === "objectives") setGoal(undefined);
  };

  return (
    <>
      <div className="page-head">
        <div className="al-head">
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph>{rich(t, "lead", { strategy: <span lang={strategy.language}>{strategy.title}</span> })}</Paragraph>
          <Paragraph data-size="sm" className="muted">
            {parent ? (
              rich(t, "parentIs", {
                parent: (
                  <Link asChild>
                    <RouterLink href={urls.overview(parent.owner, parent.id)} lang={parent.language}>
                      {parent.title}
                    </RouterLink>
                  </Link>
                ),
              })
            ) : (
              t("noParent")
            )}
          </Paragraph>
        </div>
      </div>

      {!anyLinks && (
        <Alert data-color="info" className="al-empty">
          <Heading level={2} data-size="xs">
            {t("emptyTitle")}
          </Heading>
          <Paragraph>
            {parent
              ? rich(t, "emptyText", { strategy: <span lang={strategy.language}>{strategy.title}</span>, parent: planName(parent.id) })
              : rich(t, "emptyTextNoParent", { strategy: <span lang={strategy.language}>{strategy.title}</span> })}
          </Paragraph>
          {parent && !parentHasGoals && <Paragraph>{rich(t, "planNoGoals", { plan: planName(parent.id) })}</Paragraph>}
        </Alert>
      )}

      {(anyLinks || parentHasGoals) && (
        <Tabs value={view} onChange={changeView} className="al-tabs">
          <Tabs.List aria-label={t("views")}>
            <Tabs.Tab value="objectives">{t("byObjectives")}</Tabs.Tab>
            <Tabs.Tab value="goals">{t("byGoals")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="objectives">
            {view === "objectives" && <ByObjectives strategy={strategy} links={links.data} plans={plansData} planName={planName} byId={byId} />}
          </Tabs.Panel>
          <Tabs.Panel value="goals">
            {view === "goals" && (
              <ByGoals
                strategyId={strategyId}
                region={region}
                plans={plansData}
                parentId={parentId}
                goal={goalParam}
                ours={ours}
                planName={planName}
                byId={byId}
                onAllGoals={() => setGoal(undefined)}
              />
            )}
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}

interface Plan {
  id: string;
  tree: StrategyTree;
  links: AlignmentLink[];
}

/** A plan's goals: its sections of kind goal, else whatever sections something links to. */
function goalsOf(tree: StrategyTree, links: AlignmentLink[]): Section[] {
  const all = flatten(tree.sections);
  const goals = all.filter((s) => s.kind === "goal");
  if (goals.length > 0) return goals;
  const targets = new Set(links.filter((l) => l.toStrategy === tree.id).map((l) => l.toSection));
  return all.filter((s) => targets.has(s.key));
}

function ByObjectives({
  strategy,
  links,
  plans,
  planName,
  byId,
}: {
  strategy: StrategyTree;
  links: AlignmentLink[];
  plans: Plan[];
  planName: (id: string) => ReactNode;
  byId: Map<string, StrategySummary>;
}) {
  const t = useT(alignmentMessages);
  const { region, strategyId } = useCurrent();
  const outgoing = links.filter((l) => l.fromStrategy === strategy.id);
  const incoming = links.filter((l) => l.toStrategy === strategy.id);
  const linked = new Set([...outgoing.map((l) => l.fromSection), ...incoming.map((l) => l.toSection)]);
  const sections = flatten(strategy.sections).filter((s) => s.kind === "focus_area" || linked.has(s.key));
  const goalTitles = new Map(plans.flatMap((p) => flatten(p.tree.sections).map((s) => [goalId(p.id, s.key), s] as const)));
  const lang = strategy.language;

  return (
    <div className="stack al-panel">
      <Heading level={2} data-size="md">
        {t("objectivesHeading")}
      </Heading>

      {plans.map((plan) => {
        const goals = goalsOf(plan.tree, plan.links);
        if (goals.length === 0 || sections.length === 0) return null;
        const serves = new Set(outgoing.filter((l) => l.toStrategy === plan.id).map((l) => `${l.fromSection}>${l.toSection}`));
        return (
          <div key={plan.id} className="al-matrix">
          <Paragraph className="al-matrix-title" aria-hidden="true">
            {rich(t, "matrixCaption", { plan: planName(plan.id) })}
          </Paragraph>
          <DataTable
            caption={t("matrixCaption", { plan: byId.get(plan.id)?.title ?? plan.id })}
            captionHidden
            rowKey={(s) => s.key}
            rows={sections}
            columns={[
              {
                key: "area",
                header: t("matrixArea"),
                rowHeader: true,
                cell: (s) => (
                  <Link asChild>
                    <RouterLink href={urls.focusArea(region, strategyId, s.key)} lang={lang}>
                      {titled(s)}
                    </RouterLink>
                  </Link>
                ),
              },
              ...goals.map((g) => ({
                key: g.key,
                header: (
                  <span className="al-goal-col" title={g.title}>
                    {g.code ? t("goalShort", { code: g.code }) : g.title}
                    {g.code && (
                      <span className="visually-hidden" lang={plan.tree.language}>
                        : {g.title}
                      </span>
                    )}
                  </span>
                ),
                cell: (s: Section) =>
                  serves.has(`${s.key}>${g.key}`) ? (
                    <span className="al-yes">
                      <span aria-hidden="true">✓</span>
                      <span className="visually-hidden">{t("contributes")}</span>
                    </span>
                  ) : (
                    <span className="al-no">
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">{t("notContributes")}</span>
                    </span>
                  ),
              })),
            ]}
          />
          </div>
        );
      })}

      <ul className="al-cards">
        {sections.map((s) => {
          const out = outgoing.filter((l) => l.fromSection === s.key);
          const inc = incoming.filter((l) => l.toSection === s.key);
          return (
            <li key={s.key}>
              <Card data-color="neutral" className="al-card">
                <Heading level={3} data-size="xs">
                  <Link asChild>
                    <RouterLink href={urls.focusArea(region, strategyId, s.key)} lang={lang}>
                      {titled(s)}
                    </RouterLink>
                  </Link>
                </Heading>
                {out.length === 0 && inc.length === 0 && (
                  <Paragraph data-size="sm" className="muted">
                    {t("noLinksForSection")}
                  </Paragraph>
                )}
                {out.length > 0 && (
                  <div>
                    <Paragraph data-size="sm" className="al-label">
                      {t("serves")}
                    </Paragraph>
                    <ul className="al-links">
                      {out.map((l) => {
                        const goal = goalTitles.get(goalId(l.toStrategy, l.toSection));
                        return (
                          <li key={l.id}>
                            <Link asChild>
                              <RouterLink
                                href={urls.alignment(region, strategyId, { view: "goals", goal: goalId(l.toStrategy, l.toSection) })}
                                lang={byId.get(l.toStrategy)?.language}
                              >
                                {goal ? titled(goal) : l.toTitle}
                              </RouterLink>
                            </Link>{" "}
                            <span className="muted">
                              {t("inPlan")} {planName(l.toStrategy)}
                            </span>
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                )}
                {inc.length > 0 && (
                  <div>
                    <Paragraph data-size="sm" className="al-label">
                      {t("servedBy")}
                    </Paragraph>
                    <ul className="al-links">
                      {inc.map((l) => {
                        const from = byId.get(l.fromStrategy);
                        return (
                          <li key={l.id}>
                            <Link asChild>
                              <RouterLink href={urls.focusArea(from?.owner ?? region, l.fromStrategy, l.fromSection)} lang={from?.language}>
                                {l.fromTitle}
                              </RouterLink>
                            </Link>{" "}
                            <span className="muted">
                              {t("inPlan")} {planName(l.fromStrategy)}
                            </span>
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ByGoals({
  strategyId,
  region,
  plans,
  parentId,
  goal,
  ours,
  planName,
  byId,
  onAllGoals,
}: {
  strategyId: string;
  region: string;
  plans: Plan[];
  parentId: string | null;
  goal: string;
  ours: Map<string, Section>;
  planName: (id: string) => ReactNode;
  byId: Map<string, StrategySummary>;
  onAllGoals: () => void;
}) {
  const t = useT(alignmentMessages);

  if (goal) {
    const sep = goal.indexOf(":");
    const planId = sep > 0 ? goal.slice(0, sep) : (parentId ?? "");
    const key = sep > 0 ? goal.slice(sep + 1) : goal;
    const plan = plans.find((p) => p.id === planId);
    const section = plan ? flatten(plan.tree.sections).find((s) => s.key === key) : undefined;
    return (
      <div className="stack al-panel">
        <Heading level={2} data-size="md">
          {t("oneGoalHeading")}
        </Heading>
        {plan && section ? (
          <GoalCard plan={plan} goal={section} ours={ours} strategyId={strategyId} region={region} planName={planName} byId={byId} headingLevel={3} showPlan />
        ) : (
          <Paragraph>{t("goalNotFound", { goal: key })}</Paragraph>
        )}
        <Paragraph>
          <Link asChild>
            <RouterLink
              href={urls.alignment(region, strategyId, { view: "goals" })}
              onClick={(e) => {
                e.preventDefault();
                onAllGoals();
              }}
            >
              {t("allGoals")}
            </RouterLink>
          </Link>
        </Paragraph>
      </div>
    );
  }

  return (
    <div className="stack al-panel">
      {plans.length === 0 && <Paragraph>{t("noParent")}</Paragraph>}
      {plans.map((plan) => {
        const goals = goalsOf(plan.tree, plan.links);
        return (
          <section key={plan.id} aria-labelledby={`al-plan-${plan.id}`} className="stack">
            <Heading level={2} data-size="md" id={`al-plan-${plan.id}`}>
              {rich(t, "goalsHeading", { plan: planName(plan.id) })}
            </Heading>
            {goals.length === 0 ? (
              <Paragraph className="muted">{rich(t, "planNoGoals", { plan: planName(plan.id) })}</Paragraph>
            ) : (
              <ul className="al-cards">
                {goals.map((g) => (
                  <li key={g.key}>
                    <GoalCard plan={plan} goal={g} ours={ours} strategyId={strategyId} region={region} planName={planName} byId={byId} headingLevel={3} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** One goal of a plan and everything, in any strategy, that serves it, grouped by strategy. */
function GoalCard({
  plan,
  goal,
  ours,
  strategyId,
  region,
  planName,
  byId,
  headingLevel,
  showPlan,
}: {
  plan: Plan;
  goal: Section;
  ours: Map<string, Section>;
  strategyId: string;
  region: string;
  planName: (id: string) => ReactNode;
  byId: Map<string, StrategySummary>;
  headingLevel: 3;
  showPlan?: boolean;
}) {
  const t = useT(alignmentMessages);
  const serving = plan.links.filter((l) => l.toStrategy === plan.id && l.toSection === goal.key);
  const byStrategy = new Map<string, AlignmentLink[]>();
  for (const l of serving) byStrategy.set(l.fromStrategy, [...(byStrategy.get(l.fromStrategy) ?? []), l]);
  // This strategy first, then the others.
  const groups = [...byStrategy.entries()].sort(([a], [b]) => (a === strategyId ? -1 : b === strategyId ? 1 : a.localeCompare(b)));
  return (
    <Card data-color="neutral" className="al-card">
      <Heading level={headingLevel} data-size="xs">
        <Link asChild>
          <RouterLink href={urls.alignment(region, strategyId, { view: "goals", goal: goalId(plan.id, goal.key) })} lang={plan.tree.language}>
            {titled(goal)}
          </RouterLink>
        </Link>
      </Heading>
      {showPlan && (
        <Paragraph data-size="sm" className="muted">
          {t("inPlan")} {planName(plan.id)}
        </Paragraph>
      )}
      <Paragraph data-size="sm" className="al-label">
        {t("servingCount", { count: serving.length })}
      </Paragraph>
      {groups.map(([from, ls]) => {
        const s = byId.get(from);
        return (
          <div key={from} className="al-group">
            <Paragraph data-size="sm" className="muted">
              <span lang={s?.language}>{s?.title ?? from}</span>
              {from === strategyId && <> ({t("thisStrategy")})</>}
            </Paragraph>
            <ul className="al-links">
              {ls.map((l) => (
                <li key={l.id}>
                  <Link asChild>
                    <RouterLink href={urls.focusArea(s?.owner ?? region, l.fromStrategy, l.fromSection)} lang={s?.language}>
                      {from === strategyId && ours.get(l.fromSection) ? titled(ours.get(l.fromSection)!) : l.fromTitle}
                    </RouterLink>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </Card>
  );
}
