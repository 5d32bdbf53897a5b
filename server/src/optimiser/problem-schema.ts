/**
 * The problem file's schema (docs/optimisation-problem.md): checked where a problem comes in from
 * outside — `veivalg optimise FILE` — and published with the API that exports it.
 */
import { z } from "zod";
import { PROBLEM_FORMAT, type Problem } from "../domain/prioritisation/problem.js";

const amount = z.number().finite().min(0);
const profile = z.array(amount).max(100);
const year = z.number().int().min(1900).max(2200);
const limits = z.array(amount.nullable());

export const problemSchema = z
  .object({
    format: z.literal(PROBLEM_FORMAT),
    name: z.string().max(500),
    years: z.array(year).min(1).max(30).refine((ys) => ys.every((y, k) => k === 0 || y === ys[k - 1]! + 1), "the years must be consecutive"),
    budgets: z.object({ investment: limits, operating: limits, capacity: limits }).describe("Per resource, the limit in each year of `years` (null: none)"),
    objectives: z.array(z.object({ key: z.string().min(1).max(200), title: z.string().max(1000), minValue: amount })).max(1000),
    initiatives: z
      .array(
        z.object({
          id: z.string().min(1).max(200),
          code: z.string().max(200),
          title: z.string().max(1000),
          value: amount,
          valueByObjective: z.record(z.string(), amount),
          investment: profile,
          operating: profile,
          capacity: profile,
          earliestStart: year,
          latestStart: year,
          mandatory: z.boolean(),
          kept: z.boolean(),
          excluded: z.boolean(),
        }),
      )
      .max(20_000),
    dependencies: z.array(z.object({ initiative: z.string().min(1), requires: z.string().min(1) })).max(200_000),
    exclusive: z.array(z.array(z.string().min(1)).min(2)).max(20_000),
    delayDiscount: z.number().min(0).max(1),
    options: z.object({ timeLimitSeconds: z.number().positive().max(3600), relativeGap: z.number().min(0).max(1) }),
  })
  .superRefine((p, ctx) => {
    for (const r of ["investment", "operating", "capacity"] as const) {
      if (p.budgets[r].length !== p.years.length) ctx.addIssue({ code: "custom", path: ["budgets", r], message: `needs one entry per year (${p.years.length})` });
    }
    const ids = new Set<string>();
    p.initiatives.forEach((i, k) => {
      if (ids.has(i.id)) ctx.addIssue({ code: "custom", path: ["initiatives", k, "id"], message: `${i.id} appears twice` });
      ids.add(i.id);
      if (i.latestStart < i.earliestStart) ctx.addIssue({ code: "custom", path: ["initiatives", k, "latestStart"], message: "before earliestStart" });
    });
    p.dependencies.forEach((d, k) => {
      if (!ids.has(d.initiative)) ctx.addIssue({ code: "custom", path: ["dependencies", k, "initiative"], message: `no initiative ${d.initiative}` });
    });
  }) satisfies z.ZodType<Problem>;
