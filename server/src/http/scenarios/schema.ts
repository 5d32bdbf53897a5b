import { z } from "zod";
import { problemSchema } from "../../optimiser/problem-schema.js";

const uuid = z.string().uuid();
const amount = z.number().finite().min(0).max(1e13);
const resource = z.enum(["investment", "operating", "capacity"]);

export const settingsSchema = z
  .object({
    fromYear: z.number().int().min(2000).max(2100).describe("The first year of the horizon"),
    years: z.number().int().min(1).max(10).describe("How many years the horizon has"),
    budgets: z
      .array(z.object({ year: z.number().int().min(2000).max(2110), investment: amount.nullable(), operating: amount.nullable(), capacity: amount.nullable() }))
      .max(10)
      .describe("Limits per year: investment and operating cost in NOK, the shared IT provider's capacity in person-years; null: no limit"),
    weights: z.record(z.string().min(1).max(100), z.number().min(0).max(1000)).describe("The scoring model's weights overridden by criterion key"),
    forced: z.array(z.object({ initiative: uuid, choice: z.enum(["in", "out"]) })).max(2000).describe("Initiatives forced in (mandatory) or out"),
    exclusive: z.array(z.array(uuid).min(2).max(20)).max(500).describe("Groups of alternatives: at most one of each group"),
    minValueByObjective: z.record(z.string().min(1).max(200), z.number().min(0).max(1e6)).describe("Minimum strategic value per objective (section key)"),
    startWindow: z.number().int().min(0).max(5).describe("Years a candidate may start after its planned start"),
    delayDiscount: z.number().min(0).max(0.5).describe("Share of value lost per year of delay"),
    timeLimitSeconds: z.number().min(1).max(120).describe("How long the solver may search"),
  })
  .superRefine((s, ctx) => {
    s.budgets.forEach((b, k) => {
      if (b.year < s.fromYear || b.year >= s.fromYear + s.years) ctx.addIssue({ code: "custom", path: ["budgets", k, "year"], message: `outside ${s.fromYear}–${s.fromYear + s.years - 1}` });
      if (s.budgets.findIndex((x) => x.year === b.year) !== k) ctx.addIssue({ code: "custom", path: ["budgets", k, "year"], message: "the year appears twice" });
    });
    const seen = new Set<string>();
    s.forced.forEach((f, k) => {
      if (seen.has(f.initiative)) ctx.addIssue({ code: "custom", path: ["forced", k, "initiative"], message: "forced twice" });
      seen.add(f.initiative);
    });
  });

export const scenarioParams = z.object({ id: uuid });
export const scenarioQuery = z.object({ strategy: z.string().min(1).max(200) });

export const createScenarioSchema = z.object({
  strategy: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(""),
  settings: settingsSchema.optional().describe("Omitted: next year and three more, the portfolio's budgets, the scoring model's weights"),
});

export const reviseScenarioSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  settings: settingsSchema,
});

export const adoptSchema = z.object({
  body: z.string().trim().min(1).max(500).describe("Who decided, e.g. the portfolio board"),
  meetingDate: z.iso.date(),
  decision: z.string().trim().min(1).max(10_000).describe("The decision as minuted"),
  conditions: z.string().max(10_000).default(""),
  checklistsConfirmed: z.boolean().describe("The board confirms the chosen initiatives meet the required checklist items of their decision points"),
});

const limitsAndUse = z.object({ investment: z.number().nullable(), operating: z.number().nullable(), capacity: z.number().nullable() });
const conflict = z.object({
  kind: z.enum(["over_budget", "mandatory_excluded", "no_start_year", "requires_unavailable", "exclusive_mandatory", "objective_unreachable", "combination"]),
  resource: resource.optional(),
  year: z.number().optional(),
  needed: z.number().optional(),
  limit: z.number().optional(),
  initiative: z.string().optional(),
  requires: z.string().optional(),
  initiatives: z.array(z.string()).optional(),
  objective: z.string().optional(),
  minValue: z.number().optional(),
  reachable: z.number().optional(),
  constraints: z.array(z.object({ kind: z.enum(["budget", "objective", "mandatory", "kept", "dependencies", "exclusive"]), resource: resource.optional(), year: z.number().optional(), objective: z.string().optional() })).optional(),
});

export const solutionSchema = z.object({
  status: z.enum(["optimal", "time_limit", "infeasible"]),
  objective: z.number().describe("Value discounted for delay: what the solver maximises"),
  bound: z.number().nullable().describe("No portfolio can reach more than this"),
  gap: z.number().nullable().describe("(bound − objective) / objective; 0 when proved optimal (HiGHS's default tolerance of 0.01 %)"),
  seconds: z.number(),
  selected: z.array(z.object({ id: z.string(), start: z.number().int() })),
  value: z.number(),
  valueByObjective: z.record(z.string(), z.number()),
  spend: z.array(z.object({ year: z.number().int(), used: z.object({ investment: z.number(), operating: z.number(), capacity: z.number() }), limit: limitsAndUse })),
  conflicts: z.array(conflict).describe("Why there is no portfolio, when infeasible"),
});

const reason = z.object({
  kind: z.enum(["selected", "kept", "mandatory", "excluded", "no_start_year", "requires", "alternative", "does_not_fit", "less_valuable"]),
  start: z.number().optional(),
  requires: z.string().optional(),
  chosen: z.string().optional(),
  shortfalls: z.array(z.object({ resource, year: z.number(), short: z.number() })).optional(),
});

export const explanationSchema = z.object({
  budgets: z
    .array(z.object({ resource, year: z.number(), used: z.number(), limit: z.number(), gain: z.number(), gap: z.number().nullable(), comesIn: z.array(z.string()), goesOut: z.array(z.string()) }))
    .describe("Each budget with 10 % more: the value gained and the portfolio's change; binding where the gain is positive"),
  forced: z.array(z.object({ id: z.string(), force: z.enum(["in", "out"]), loss: z.number().nullable(), gap: z.number().nullable() })).describe("Value lost by forcing each candidate the other way; null: impossible"),
  reasons: z.record(z.string(), z.array(reason)),
});

export const frontierSchema = z.array(
  z.object({ factor: z.number(), budget: z.number(), status: z.enum(["optimal", "time_limit", "infeasible"]), value: z.number(), objective: z.number(), gap: z.number().nullable(), selected: z.number().int() }),
);

const summaryFields = {
  id: z.string(),
  strategyId: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  solvedVersion: z.number().int().nullable(),
  solvedAt: z.string().nullable(),
  adoptedAt: z.string().nullable(),
  status: z.enum(["optimal", "time_limit", "infeasible"]).nullable(),
  value: z.number().nullable(),
  objective: z.number().nullable(),
  gap: z.number().nullable(),
  selectedCount: z.number().int().nullable(),
};

export const scenarioListResponse = z.array(z.object(summaryFields));

export const scenarioResponse = z.object({
  ...summaryFields,
  settings: settingsSchema,
  problem: problemSchema.nullable().describe("The problem as last solved (the export format)"),
  result: z.object({ solution: solutionSchema, explanation: explanationSchema.nullable() }).nullable(),
  solvedBy: z.string().nullable(),
  frontier: frontierSchema.nullable(),
  frontierAt: z.string().nullable(),
  adoption: z
    .object({
      body: z.string(),
      meetingDate: z.string(),
      decision: z.string(),
      conditions: z.string(),
      advanced: z.array(z.object({ initiative: z.string(), from: z.string(), to: z.string() })),
      adoptedBy: z.string(),
    })
    .nullable(),
  current: z.boolean().describe("The stored solve answers the scenario as the portfolio and scores stand now"),
});
