import { randomUUID } from "node:crypto";
import type { Db, Queryable } from "../data/db.js";
import { refreshComputed } from "../data/computed.js";
import { copyField } from "../data/copy.js";
import { GATES, PHASES, type ActivePhase } from "../domain/portfolio/lifecycle.js";
import { lastCompleted, makePeriod } from "../domain/period.js";
import { SEED_ACTOR } from "./load.js";
import { random } from "./random.js";

/**
 * DEMO DATA — an invented, deterministic initiative portfolio for a strategy: initiatives under the
 * strategy's own themes (its "aktuelle strategiske initiativ"), each having walked the lifecycle
 * with recorded decisions, with costs, monthly status reports, risks, ROS analyses, benefit plans
 * with actuals, adoptions of local solutions, and budgets per year. The same generator builds the
 * benchmark's 2,000-initiative portfolio, so both are loaded the same way (COPY per table).
 */

export interface PortfolioShape {
  strategyId: string;
  /** How many initiatives. */
  count: number;
  /** First and last month of the portfolio's history (`YYYY-MM`): reports and actuals run up to `lastMonth`. */
  firstMonth: string;
  lastMonth: string;
  /** Organisations owning initiatives: the trusts and the shared services (the IT provider among them). */
  owners: readonly string[];
  seed: string;
  /** Short prefix of initiative codes (`HSØ`). */
  codePrefix: string;
  /** Every initiative reports status, and every benefit an actual, for every month of the history (the benchmark's load). */
  everyMonth?: boolean | undefined;
  /** How many of the demo's needs to register (at most six). */
  needs?: number | undefined;
}

interface Theme {
  key: string;
  parentKey: string;
  title: string;
}

interface Frame {
  themes: Theme[];
  keyResults: { id: string; sectionKey: string }[];
}

/** Realistic titles for the first initiatives of the demo, per focus area of Helse Sør-Øst's technology strategy. */
const DEMO_TITLES: Record<string, string[]> = {
  "fa-1": ["Digital hjemmeoppfølging av hjertesviktpasienter", "Digitale skjema for KOLS-oppfølging på regional prosessplattform", "Integrasjon mellom DHO-verktøy og pasientjournal"],
  "fa-2": ["KI-støtte for beinbruddsdiagnostikk i radiologi", "Tidlig varsling av forverring (NEWS2) i sengepost", "Regional validering av KI-modeller"],
  "fa-3": ["Legemiddelsamstemming ved utskrivning", "Deling av prøvesvar med fastlegen", "Timeavtaler synlige på helsenorge.no"],
  "fa-4": ["Talegjenkjenning i poliklinikk", "Fjerne plunder og heft i pålogging (enkel pålogging)", "Mobil arbeidsflate for sykepleiere"],
  "fa-5": ["Regional dataplattform for sekundærbruk", "Kvalitetsregister med automatisk uttrekk", "Styringsdata for ventetider"],
  "fa-6": ["Tjenestedesign for digital pasientreise i kreftforløp", "Brukerdrevet utvikling av vaktplanapp", "Lokal app for tilsynsførte pasienter"],
  "fa-7": ["Ferdigstille regional IKT-plattform", "Overgang til skybasert e-post og samhandling", "Minikonkurranse for plattformtjenester"],
};

const DEMO_NEEDS: [string, string, string][] = [
  ["Digital innsjekk på poliklinikk", "Pasienter står i kø ved skranken; sekretærene bruker mye tid på manuell innsjekk.", "fa-4"],
  ["Felles løsning for videokonsultasjon", "Hvert foretak har sin egen løsning, og pasienter som følges av flere foretak må bruke flere.", "fa-1"],
  ["Automatisk koding av diagnoser", "Koding tar mye tid for legene og blir ulikt gjort mellom avdelinger.", "fa-2"],
  ["Oversikt over medisinsk utstyr hjemme hos pasienten", "Vi vet ikke hvilket utstyr pasientene har, eller når det skal byttes.", "fa-3"],
  ["Selvbetjent tilgang til styringsdata", "Ledere venter uker på uttrekk fra datavarehuset.", "fa-5"],
  ["Mindre dobbeltregistrering i vaktplan og lønn", "Vaktendringer registreres to steder, med feil i lønn som følge.", "fa-4"],
];

const KINDS = ["regional_project", "local_solution", "procurement", "operations_improvement", "service_design", "development", "other"] as const;
const RAG = ["green", "green", "green", "amber", "amber", "red"] as const;
const FUNDING = ["Regionale midler", "Foretakets egne midler"];
/** Where initiatives stop: most are under way; some done, some rejected or paused. */
const FINAL: readonly (ActivePhase | "completed" | "rejected" | "paused")[] = [
  "idea", "concept", "concept", "planning", "planning", "execution", "execution", "execution", "execution", "closing", "realisation", "realisation", "completed", "rejected", "paused",
];

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => makePeriod("month", Math.floor(i / 12), (i % 12) + 1);
const day = (i: number, d: number) => `${monthOf(i).start.slice(0, 8)}${String(d).padStart(2, "0")}`;

export interface PortfolioRows {
  [table: string]: { columns: string; rows: (string | number | boolean | null)[][] };
}

/** Builds the rows of every portfolio table, deterministically from `shape.seed`. */
export function generatePortfolio(shape: PortfolioShape, frame: Frame): PortfolioRows {
  const t: Record<string, (string | number | boolean | null)[][]> = {};
  const add = (table: string, row: (string | number | boolean | null)[]) => (t[table] ??= []).push(row);
  const first = monthIndex(shape.firstMonth);
  const last = monthIndex(shape.lastMonth);
  const actor = "seed";
  const ids: string[] = [];
  const ros: { id: string; month: number }[] = [];
  const krsOf = (section: string) => frame.keyResults.filter((k) => k.sectionKey === section);
  const used = new Map<string, number>();

  for (let n = 0; n < shape.count; n++) {
    const rnd = random(`${shape.seed}/${n}`);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const theme = frame.themes[n % frame.themes.length]!;
    const area = theme.parentKey;
    const k = used.get(area) ?? 0;
    used.set(area, k + 1);
    const title = DEMO_TITLES[area]?.[k] ?? `${theme.title.replace(/[.:;].*$/, "").slice(0, 70)} (${k + 1})`;
    const id = randomUUID();
    ids.push(id);
    const owner = shape.owners[n % shape.owners.length]!;
    const kind = /app\b|Lokal/.test(title) ? "local_solution" : /Tjenestedesign/.test(title) ? "service_design" : /Minikonkurranse/.test(title) ? "procurement" : /[Rr]egional/.test(title) ? "regional_project" : pick(KINDS);
    const tags = [rnd() < 0.35 ? "user_driven" : null, rnd() < 0.3 ? "agile" : null].filter((x): x is string => x !== null);
    const final = pick(FINAL);
    const funding = pick(FUNDING);

    // Walk the lifecycle: each phase lasts 2–9 months from a start within the history.
    let m = first + Math.floor(rnd() * Math.max(1, last - first - 12));
    let phase: ActivePhase = "idea";
    let entered = m;
    const phaseStart: Partial<Record<string, number>> = { idea: m };
    let outcome: "completed" | "rejected" | "paused" | null = null;
    for (const p of PHASES) {
      phase = p;
      entered = m;
      phaseStart[p] = m;
      if (final === p) break;
      const next = m + 2 + Math.floor(rnd() * 8);
      if (next > last) break;
      m = next;
      const stop = (final === "rejected" || final === "paused") && rnd() < 0.4 ? final : null;
      const to = stop ?? (PHASES[PHASES.indexOf(p) + 1] ?? "completed");
      const outcomeText = stop === "rejected" ? "rejected" : stop === "paused" ? "paused" : "approved";
      add("gate_decisions", [randomUUID(), id, GATES[p], p, to, outcomeText, p === "idea" ? "Linjeledelsen" : "Porteføljestyret i Helse Sør-Øst", day(m, 8), outcomeText === "approved" ? `Godkjent overgang fra ${p} til ${to}.` : outcomeText === "rejected" ? "Avvist: nytten forsvarer ikke kostnaden nå." : "Satt på vent til finansiering er avklart.", rnd() < 0.3 ? "Gevinstplanen oppdateres til neste møte." : "", "[]", "[]", actor]);
      if (stop) {
        outcome = stop;
        break;
      }
      if (to === "completed") outcome = "completed";
    }
    const phaseNow = outcome === "completed" ? "completed" : outcome === "rejected" ? "rejected" : outcome === "paused" ? "paused" : phase;
    const pausedPhase = outcome === "paused" ? phase : null;
    const start = phaseStart.planning ?? entered + 3;
    const duration = 6 + Math.floor(rnd() * 24);
    const plannedStart = monthOf(start).start;
    const plannedEnd = monthOf(start + duration).start;
    const code = `${shape.codePrefix}-${monthOf(phaseStart.idea!).year}-${String(n + 1).padStart(4, "0")}`;
    add("initiatives", [id, shape.strategyId, code, title, `${theme.title}`, owner, `Direktør ${owner}`, `Prosjekteier ${n + 1}`, kind, `{${tags.join(",")}}`, theme.key, funding, phaseNow, pausedPhase, plannedStart, plannedEnd, "month", 1, actor]);
    add("initiative_versions", [id, 1, JSON.stringify({ code, title, organisation: owner, kind, theme: theme.key }), "Registrert", actor]);

    const krs = krsOf(area);
    add("initiative_links", [id, area, null, "positive", pick(["small", "medium", "large"] as const), ""]);
    if (krs.length > 0) add("initiative_links", [id, area, pick(krs).id, "positive", pick(["small", "medium", "large"] as const), ""]);
    if (rnd() < 0.3) {
      const other = frame.themes[Math.floor(rnd() * frame.themes.length)]!.parentKey;
      if (other !== area) add("initiative_links", [id, other, null, "positive", "small", ""]);
    }
    const partners = new Set<string>();
    for (let j = Math.floor(rnd() * 4); j > 0; j--) partners.add(pick(shape.owners));
    partners.delete(owner);
    for (const o of partners) add("initiative_participants", [id, o]);
    if (n > 0 && rnd() < 0.12) add("initiative_dependencies", [id, ids[Math.floor(rnd() * n)]!]);

    // Costs: investment in the execution years, operation after; actuals for years begun.
    const startYear = monthOf(start).year;
    const endYear = monthOf(start + duration).year;
    const size = 1 + Math.floor(rnd() * 20);
    if (phaseNow !== "idea") {
      for (let y = startYear; y <= endYear + 2; y++) {
        const building = y <= endYear;
        const inv = building ? size * 500_000 : 0;
        const op = y >= endYear ? Math.round(size * 120_000) : 0;
        const begun = y <= monthOf(last).year && phaseStart.execution !== undefined && y >= monthOf(phaseStart.execution).year;
        const f = 0.8 + rnd() * 0.5;
        add("initiative_costs", [id, y, inv, begun && inv > 0 ? Math.round(inv * f) : null, op, begun && op > 0 ? Math.round(op * f) : null, building ? Math.round(size * 0.4 * 10) / 10 : 0.2, actor]);
      }
    }

    // Monthly status reports while a project (planning, execution, closing); some lag behind.
    const reportFrom = shape.everyMonth ? first : phaseStart.planning;
    if (reportFrom !== undefined) {
      const closed = shape.everyMonth ? undefined : phaseStart.realisation ?? (outcome === "rejected" || outcome === "paused" ? m : undefined);
      const lagging = !shape.everyMonth && rnd() < 0.12 ? 1 + Math.floor(rnd() * 3) : 0;
      const until = Math.min(last - lagging, (closed ?? last + 1) - 1);
      let mood = Math.floor(rnd() * 3);
      for (let r = reportFrom; r <= until; r++) {
        if (rnd() < 0.2) mood = Math.max(0, Math.min(RAG.length - 1, mood + (rnd() < 0.5 ? -1 : 1)));
        const rag = () => RAG[Math.max(0, Math.min(RAG.length - 1, mood + Math.floor(rnd() * 2)))]!;
        const p = monthOf(r);
        add("status_reports", [id, p.id, p.start, RAG[mood]!, rag(), rag(), rag(), rag(), mood >= 4 ? "Forsinket leveranse fra leverandør; tiltak iverksatt." : "Arbeidet går etter planen.", mood >= 3 ? "Tilgang på ressurser hos Sykehuspartner" : "", actor]);
      }
    }

    if (phaseStart.planning !== undefined) {
      for (let j = 1 + Math.floor(rnd() * 3); j > 0; j--) {
        add("risks", [id, pick(["Forsinket leveranse", "Manglende brukerinvolvering", "Personvern og informasjonssikkerhet", "Integrasjon med pasientjournal", "Ressurser hos Sykehuspartner"]), "", 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 5), `Risikoeier ${n + 1}`, "Tiltak avtalt i prosjektstyret.", rnd() < 0.2 ? "closed" : "open", actor]);
      }
      const month = phaseStart.planning;
      if (ros.length > 0 && rnd() < 0.25) {
        const reused = ros[Math.floor(rnd() * ros.length)]!;
        if (reused.month <= month) add("ros_reuses", [reused.id, id, day(month, 15), actor]);
      } else if (rnd() < 0.7) {
        const rosId = randomUUID();
        ros.push({ id: rosId, month });
        add("ros_analyses", [rosId, id, `ROS-analyse ${code}`, day(month, 12), "Akseptabel risiko med tiltak.", "", actor]);
      }
    }

    if (kind === "local_solution" && phaseStart.closing !== undefined) {
      const adopters = shape.owners.filter((o) => o !== owner && rnd() < 0.35);
      adopters.forEach((o, j) => {
        const at = phaseStart.closing! + 2 + j * 3;
        if (at <= last) add("adoptions", [id, o, day(at, 1), "Tatt i bruk etter demonstrasjon i erfaringsnettverket.", actor]);
      });
    }

    // Benefit plan from the concept phase; actuals monthly from execution on.
    if (phaseStart.concept !== undefined && phaseNow !== "rejected") {
      for (let j = 1 + Math.floor(rnd() * 2); j > 0; j--) {
        const benefitId = randomUUID();
        const kindOf = pick(["efficiency", "efficiency", "quality", "other_actors"] as const);
        const hours = kindOf === "efficiency" ? 500 + Math.floor(rnd() * 8000) : null;
        const nok = kindOf === "efficiency" ? (hours ?? 0) * 650 : null;
        const kr = krs.length > 0 && rnd() < 0.6 ? pick(krs).id : null;
        const baseline = Math.round(rnd() * 40);
        const target = baseline + 10 + Math.round(rnd() * 40);
        add("benefits", [benefitId, id, "Ny arbeidsprosess med digital støtte", kindOf === "efficiency" ? "Frigjort tid for helsepersonell" : kindOf === "quality" ? "Bedre pasientsikkerhet" : "Mindre reising for pasienter", kindOf, kindOf === "efficiency", rnd() < 0.9 ? `Avdelingsleder ${owner}` : "", owner, kr, kr ? "" : "Andel pasienter fulgt opp digitalt", kr ? "" : "percent", baseline, monthOf(phaseStart.concept).start, target, nok, hours, monthOf(start + duration + 12).start, actor]);
        const from = shape.everyMonth ? first : phaseStart.execution;
        if (from !== undefined) {
          const span = Math.max(1, last - from);
          for (let r = from; r <= last; r++) {
            const share = Math.min(1, (r - from) / span) * (0.6 + rnd() * 0.5);
            add("benefit_actuals", [benefitId, monthOf(r).id, monthOf(r).start, Math.round((baseline + (target - baseline) * share) * 10) / 10, nok === null ? null : Math.round((nok * share) / 12), hours === null ? null : Math.round((hours * share) / 12), "", actor]);
          }
        }
      }
    }
  }

  // Needs still waiting for the board, some supported by other trusts.
  DEMO_NEEDS.slice(0, shape.needs ?? 0).forEach(([title, problem, area], j) => {
    const rnd = random(`${shape.seed}/need/${j}`);
    const needId = randomUUID();
    const owner = shape.owners[(j * 3) % shape.owners.length]!;
    const theme = frame.themes.find((th) => th.parentKey === area);
    add("needs", [needId, shape.strategyId, owner, title, problem, "Sykepleiere og leger på sengepost", (["small", "medium", "large", "very_large"] as const)[j % 4]!, theme?.key ?? null, `{${area}}`, actor]);
    for (const o of shape.owners) if (o !== owner && rnd() < 0.2) add("need_supporters", [needId, o, "Vi har samme behov.", actor]);
  });

  // Budgets: per year and funding source, near what the initiatives plan.
  const planned = new Map<string, number[]>();
  const fundingOf = new Map((t.initiatives ?? []).map((r) => [r[0] as string, r[11] as string]));
  for (const c of t.initiative_costs ?? []) {
    const key = `${c[1]}|${fundingOf.get(c[0] as string)}`;
    const sum = planned.get(key) ?? [0, 0, 0];
    planned.set(key, [sum[0]! + (c[2] as number), sum[1]! + (c[4] as number), sum[2]! + (c[6] as number)]);
  }
  let b = 0;
  for (const [key, [inv, op, py]] of [...planned].sort()) {
    const [year, source] = key.split("|");
    const f = 0.85 + random(`${shape.seed}/budget/${b++}`)() * 0.3;
    add("portfolio_budgets", [shape.strategyId, Number(year), source!, Math.round((inv! * f) / 100_000) * 100_000, Math.round((op! * f) / 100_000) * 100_000, Math.round(py! * f * 10) / 10, actor]);
  }

  const columns: Record<string, string> = {
    initiatives: "id, strategy_id, code, title, description, organisation_id, sponsor, owner_name, kind, tags, theme_key, funding_source, phase, paused_phase, planned_start, planned_end, report_frequency, version, created_by",
    initiative_versions: "initiative_id, version, snapshot, reason, recorded_by",
    initiative_links: "initiative_id, section_key, key_result_id, direction, size, note",
    initiative_participants: "initiative_id, organisation_id",
    initiative_dependencies: "initiative_id, depends_on",
    gate_decisions: "id, initiative_id, gate, from_phase, to_phase, outcome, body, meeting_date, decision, conditions, documents, checklist, recorded_by",
    initiative_costs: "initiative_id, year, investment_estimate, investment_actual, operating_estimate, operating_actual, provider_person_years, updated_by",
    status_reports: "initiative_id, period, period_start, overall, scope, schedule, cost, benefits, narrative, top_risks, recorded_by",
    risks: "initiative_id, title, description, likelihood, consequence, owner_name, mitigation, status, recorded_by",
    ros_analyses: "id, initiative_id, title, performed_on, conclusion, document, recorded_by",
    ros_reuses: "ros_id, initiative_id, reused_on, recorded_by",
    adoptions: "initiative_id, organisation_id, adopted_on, note, recorded_by",
    benefits: "id, initiative_id, change, title, kind, priced, responsible, organisation_id, key_result_id, indicator, unit, baseline, baseline_date, target, value_nok, hours_freed, realise_by, recorded_by",
    benefit_actuals: "benefit_id, period, period_start, value, value_nok, hours_freed, comment, recorded_by",
    needs: "id, strategy_id, organisation_id, title, problem, who_has_it, size, theme_key, section_keys, submitted_by",
    need_supporters: "need_id, organisation_id, note, recorded_by",
    portfolio_budgets: "strategy_id, year, funding_source, investment, operating, provider_person_years, updated_by",
  };
  return Object.fromEntries(Object.entries(columns).map(([table, cols]) => [table, { columns: cols, rows: t[table] ?? [] }]));
}

/** Reads what the generator needs from the strategy: its themes (initiative sections) and key results. */
export async function portfolioFrame(tx: Queryable, strategyId: string): Promise<Frame> {
  const themes = await tx.query<Theme>(
    `SELECT x.key, x.parent_key AS "parentKey", x.title FROM sections x JOIN strategies s ON s.id = x.strategy_id AND s.current_version = x.strategy_version
      WHERE s.id = $1 AND x.kind = 'initiative' AND x.parent_key IS NOT NULL ORDER BY x.position, x.key`,
    [strategyId],
  );
  // Interleave the focus areas so the first initiatives spread over all of them.
  const byArea = new Map<string, Theme[]>();
  for (const th of themes) byArea.set(th.parentKey, [...(byArea.get(th.parentKey) ?? []), th]);
  const interleaved: Theme[] = [];
  for (let i = 0; interleaved.length < themes.length; i++) {
    for (const list of byArea.values()) {
      const th = list[i];
      if (th) interleaved.push(th);
    }
  }
  const keyResults = await tx.query<{ id: string; sectionKey: string }>(
    `SELECT id, section_key AS "sectionKey" FROM key_results WHERE strategy_id = $1 AND retired_from IS NULL ORDER BY position`,
    [strategyId],
  );
  return { themes: interleaved, keyResults };
}

/** Loads generated rows with COPY, table by table, in the caller's transaction. */
export async function loadPortfolio(tx: Queryable, rows: PortfolioRows): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, { columns, rows: data }] of Object.entries(rows)) {
    counts[table] = data.length;
    if (data.length === 0) continue;
    const text = data.map((r) => r.map((v) => copyField(typeof v === "boolean" ? String(v) : v)).join("\t")).join("\n") + "\n";
    await tx.copyIn(`${table} (${columns})`, "(FORMAT text)", text);
  }
  return counts;
}

export const DEMO_PORTFOLIO_SIZE = 42;

export interface PortfolioPlan {
  count: number;
  /** Months of history, ending with the last completed month before `today`. */
  months: number;
  today: string;
  seed: string;
  everyMonth?: boolean | undefined;
  needs?: number | undefined;
}

/**
 * Generates and loads a portfolio for the strategy in `tx`, owned by the organisations right below
 * the strategy's owner (its trusts and shared services).
 */
export async function buildPortfolio(tx: Queryable, strategyId: string, plan: PortfolioPlan): Promise<Record<string, number>> {
  const [owner] = await tx.query<{ owner: string; short: string }>("SELECT s.owner_id AS owner, o.short_name AS short FROM strategies s JOIN organisations o ON o.id = s.owner_id WHERE s.id = $1", [strategyId]);
  if (!owner) return {};
  const orgs = await tx.query<{ id: string }>("SELECT id FROM organisations WHERE parent_id = $1 AND kind IN ('hf', 'shared_service') ORDER BY kind, id", [owner.owner]);
  const lastMonth = lastCompleted("month", plan.today);
  const first = lastMonth.year * 12 + lastMonth.index - plan.months;
  const rows = generatePortfolio(
    {
      strategyId,
      count: plan.count,
      firstMonth: makePeriod("month", Math.floor(first / 12), (first % 12) + 1).id,
      lastMonth: lastMonth.id,
      owners: orgs.map((o) => o.id),
      seed: plan.seed,
      codePrefix: owner.short.toUpperCase(),
      everyMonth: plan.everyMonth,
      needs: plan.needs,
    },
    await portfolioFrame(tx, strategyId),
  );
  return loadPortfolio(tx, rows);
}

/**
 * The demo portfolio of Helse Sør-Øst's technology strategy: three years of history up to the last
 * completed month. Does nothing when the strategy already has initiatives.
 */
export async function seedDemoPortfolio(db: Db, strategyId: string, today = new Date().toISOString().slice(0, 10)): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    if ((await tx.query("SELECT 1 FROM initiatives WHERE strategy_id = $1 LIMIT 1", [strategyId])).length > 0) return {};
    const loaded = await buildPortfolio(tx, strategyId, { count: DEMO_PORTFOLIO_SIZE, months: 36, today, seed: "demo", needs: 6 });
    // Loaded past the write paths, so the key results counted from the portfolio are brought up to date here.
    await refreshComputed(tx, strategyId, SEED_ACTOR);
    return loaded;
  });
}
