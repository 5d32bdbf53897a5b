import { z } from "zod";
import { ALL_PHASES } from "../../domain/portfolio/lifecycle.js";
import { CRITERION_KINDS } from "../../domain/prioritisation/scoring.js";

const text = (max: number) => z.object({ nb: z.string().max(max), nn: z.string().max(max), en: z.string().max(max) });
const label = z.object({ nb: z.string().min(1).max(200), nn: z.string().min(1).max(200), en: z.string().min(1).max(200) });
// Wide enough for kroner a year, narrow enough that sums stay exact in a double.
const scaleValue = z.number().min(-1e12).max(1e12);

export const criterionSchema = z.object({
  key: z.string().min(1).max(40).describe("Lower-case letters, digits, - or _; scores refer to it"),
  kind: z.enum(CRITERION_KINDS).describe("objectives: the initiative's net contribution to the focus areas it links to; benefits: its planned yearly benefit in NOK; scored: by the board members"),
  label,
  description: text(2000),
  weight: z.number().min(0).max(1e6).describe("Relative: weights are divided by their sum"),
  min: scaleValue,
  max: scaleValue,
  higherIsBetter: z.boolean(),
  levels: z.array(z.object({ value: scaleValue, label })).max(20).optional().describe("Named steps of a scored criterion's scale"),
  mandatoryAt: scaleValue.optional().describe("An agreed (else mean) score at or above this makes the initiative mandatory by default"),
});

export const modelSchema = z
  .object({
    criteria: z.array(criterionSchema).max(30),
    hourValue: z.number().min(0).max(1e6).describe("NOK per staff hour freed, to price benefits counted in hours"),
    note: z.string().max(2000).default("").describe("Why the model changed"),
  })
  .describe("The region's scoring model as it is to read from now on (a new version)");

export const modelResponse = z
  .object({
    regionId: z.string(),
    version: z.number().int().describe("0: the default, until the region saves a model of its own"),
    criteria: z.array(criterionSchema),
    hourValue: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    note: z.string(),
  })
  .describe("A region's scoring model (the strategy's owner): criteria with weights and scales");

export const scoresSchema = z.object({
  scores: z
    .array(
      z.object({
        criterion: z.string().min(1).max(40),
        value: z.number().nullable().describe("Within the criterion's scale; null takes the score back"),
        comment: z.string().max(2000).optional(),
      }),
    )
    .min(1)
    .max(30),
});

export const agreedSchema = z.object({
  scores: z
    .array(
      z.object({
        criterion: z.string().min(1).max(40),
        value: z.number().nullable().describe("Within the criterion's scale; null takes the agreed score back"),
        note: z.string().max(2000).optional(),
      }),
    )
    .min(1)
    .max(30),
});

export const scoreResponse = z.object({ initiative: z.string(), criterion: z.string(), scorer: z.string(), value: z.number(), comment: z.string(), recordedAt: z.string() });
export const agreedResponse = z.object({ initiative: z.string(), criterion: z.string(), value: z.number(), note: z.string(), agreedBy: z.string(), agreedAt: z.string() });

const initiativeScore = z.object({
  id: z.string(),
  criteria: z.array(
    z.object({
      key: z.string(),
      raw: z.number().nullable().describe("The value used: derived, agreed, or the mean of the members' scores; null when nobody has scored it (it then counts as the middle of the scale)"),
      normalised: z.number().describe("0..1, 1 best"),
      individual: z.object({ n: z.number().int(), min: z.number(), max: z.number(), mean: z.number(), sd: z.number() }).nullable().describe("The spread of the members' scores (sd: population)"),
      agreed: z.number().nullable(),
    }),
  ),
  value: z.number().describe("0..100: 100 × Σ weight·normalised / Σ weight"),
  valueByObjective: z.record(z.string(), z.number()).describe("The objectives criterion's part of the value, split over the focus areas in proportion to positive contribution"),
  mandatory: z.boolean(),
  rank: z.number().int(),
  rankRange: z.tuple([z.number().int(), z.number().int()]).describe("Best and worst rank when any one criterion's weight is halved or raised by half"),
});

export const sheetResponse = z
  .object({
    model: modelResponse,
    objectives: z.array(z.object({ key: z.string(), code: z.string().nullable(), title: z.string() })),
    candidates: z.array(
      z.object({ id: z.string(), code: z.string(), title: z.string(), phase: z.enum(ALL_PHASES), organisationId: z.string(), organisationName: z.string(), score: initiativeScore }),
    ),
    mine: z.array(scoreResponse).describe("The caller's own scores"),
    scores: z.array(scoreResponse).describe("Every board member's scores"),
    agreed: z.array(agreedResponse),
  })
  .describe("The scoring sheet: the candidates (initiatives neither completed nor rejected) ranked by strategic value, with the members' scores and the agreed ones");
