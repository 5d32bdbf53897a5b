import { z } from "zod";
import { AGGREGATIONS, DIRECTIONS, FREQUENCIES, UNITS } from "../domain/strategy.js";
import { SHOWN_STATUSES } from "../domain/small-counts.js";
import { dimensionSchema } from "./strategies/schema.js";

/**
 * What the API answers, as zod schemas: they document every response in the OpenAPI document
 * (and so the typed client the web app is generated from), and the serialiser holds the server to them.
 */

export const errorResponse = z
  .object({
    code: z.string(),
    message: z.string(),
    details: z.array(
      z.object({
        path: z.string(),
        message: z.string(),
        row: z.number().optional(),
        column: z.string().optional(),
        code: z.string().optional(),
      }),
    ),
  })
  .describe("An error: a stable code, a message, and where the faults are");

export const organisationResponse = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  kind: z.string(),
  name: z.string(),
  shortName: z.string(),
  identifiers: z.record(z.string(), z.string()),
  publishesPortfolioSummary: z.boolean().describe("Whether anyone may read the portfolio summary of its published strategies"),
});

export const strategySummaryResponse = z.object({
  id: z.string(),
  currentVersion: z.number().int(),
  owner: z.string(),
  ownerName: z.string(),
  parent: z.string().nullable(),
  kind: z.string(),
  published: z.boolean(),
  version: z.number().int(),
  title: z.string(),
  language: z.string(),
  periodFrom: z.string(),
  periodTo: z.string().nullable(),
  status: z.string(),
  adoptedOn: z.string().nullable(),
  reference: z.string().nullable(),
  source: z.string().nullable(),
  summary: z.string().nullable(),
  effectiveFrom: z.string(),
});

const targetResponse = z.object({ period: z.string(), organisation: z.string().optional(), value: z.number() });

export const keyResultResponse = z.object({
  id: z.string(),
  versionId: z.string(),
  code: z.string(),
  parentCode: z.string().nullable(),
  sectionKey: z.string(),
  strategyId: z.string(),
  version: z.number().int(),
  currentVersion: z.number().int(),
  effectiveFrom: z.string(),
  title: z.string(),
  definition: z.string(),
  unit: z.enum(UNITS),
  direction: z.enum(DIRECTIONS),
  aggregation: z.enum(AGGREGATIONS),
  frequency: z.enum(FREQUENCIES),
  dimensions: z.array(dimensionSchema),
  baseline: z.object({ period: z.string(), value: z.number() }).optional(),
  targets: z.array(targetResponse),
  tolerance: z.number(),
  owner: z.string().optional(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  retiredFrom: z.string().nullable(),
});

export const alignmentResponse = z.object({
  id: z.string(),
  fromStrategy: z.string(),
  fromSection: z.string(),
  fromTitle: z.string().nullable(),
  toStrategy: z.string(),
  toSection: z.string(),
  toTitle: z.string().nullable(),
  note: z.string().nullable(),
});

const sectionFields = {
  key: z.string(),
  parentKey: z.string().nullable(),
  kind: z.string(),
  code: z.string().nullable(),
  position: z.number().int(),
  title: z.string(),
  objective: z.string().nullable(),
  description: z.string().nullable(),
  keyResults: z.array(keyResultResponse),
  serves: z.array(alignmentResponse),
  servedBy: z.array(alignmentResponse),
};
type SectionResponse = z.infer<z.ZodObject<typeof sectionFields>> & { children: SectionResponse[] };
// Recursive schemas carry an id, so the OpenAPI document names them as components.
export const sectionResponse: z.ZodType<SectionResponse> = z
  .lazy(() => z.object({ ...sectionFields, children: z.array(sectionResponse) }))
  .meta({ id: "Section" });

export const strategyTreeResponse = strategySummaryResponse.extend({
  sections: z.array(sectionResponse),
  children: z.array(z.object({ id: z.string(), title: z.string() })),
});

export const versionResponse = z.object({
  version: z.number().int(),
  title: z.string(),
  status: z.string(),
  effectiveFrom: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const itemChange = z.object({ key: z.string(), change: z.enum(["added", "removed", "changed"]), title: z.string(), fields: z.array(fieldChange) });
export const diffResponse = z.object({
  from: z.number().int(),
  to: z.number().int(),
  metadata: z.array(fieldChange),
  sections: z.array(itemChange),
  keyResults: z.array(itemChange),
});

export const revisionResponse = z.object({
  version: z.number().int(),
  keyResultsChanged: z.array(z.string()),
  keyResultsAdded: z.array(z.string()),
  keyResultsRetired: z.array(z.string()),
});

/** The marker of figures hidden to protect privacy (domain/small-counts.ts). */
export const suppressedMarker = z
  .literal(true)
  .optional()
  .describe(
    "Present (true) when small counts are hidden to protect privacy: counts of persons or events above zero and below the small-count threshold " +
      "(`smallCountThreshold` of GET /session) of a key result computed from patient data, for an organisation whose small numbers the caller may not see. " +
      "Each hidden count is null, and so is a ratio built on one.",
  );
const shownStatus = z.enum(SHOWN_STATUSES).describe("`suppressed`: not shown, as it would tell a hidden small count");
const statusCounts = z.object(Object.fromEntries(SHOWN_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof SHOWN_STATUSES)[number], z.ZodNumber>);
const organisationStatus = z.object({
  organisation: z.string(),
  value: z.number().nullable(),
  target: z.number().nullable(),
  status: shownStatus,
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  n: z.number().int(),
  suppressed: suppressedMarker,
});
export const statusResponse = z
  .object({
    strategy: z.object({ id: z.string(), title: z.string(), version: z.number().int(), owner: z.string() }),
    period: z.string(),
    counts: statusCounts,
    sections: z.array(
      z.object({
        key: z.string(),
        code: z.string().nullable(),
        kind: z.string(),
        title: z.string(),
        objective: z.string().nullable(),
        counts: statusCounts,
        keyResults: z.array(
          organisationStatus.omit({ organisation: true }).extend({
            keyResultId: z.string(),
            code: z.string(),
            title: z.string(),
            unit: z.string(),
            aggregation: z.string(),
            direction: z.string(),
            version: z.number().int(),
            organisations: z.array(organisationStatus),
          }),
        ),
      }),
    ),
  })
  .describe("Region value, target and status per key result, and per organisation; counts per section and in all");

export const measurementResponse = z.object({
  id: z.number().int(),
  keyResultId: z.string(),
  keyResultVersion: z.number().int(),
  organisation: z.string(),
  period: z.string(),
  breakdown: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  source: z.string(),
  comment: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
  runId: z.string().nullable().describe("The FHIR computation run (GET /fhir-runs/{id}) that computed it: its inputs and definition versions"),
  suppressed: suppressedMarker,
});

export const batchResponse = z.object({ batchId: z.string(), recorded: z.number().int(), superseded: z.number().int() });

export const importResponse = z.object({
  dryRun: z.boolean(),
  format: z.string(),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  columns: z.array(z.object({ header: z.string(), field: z.string() })),
  rows: z.number().int(),
  corrections: z.number().int(),
  byKeyResult: z.array(z.object({ code: z.string(), rows: z.number().int() })),
  sample: z.array(
    z.object({
      row: z.number().int(),
      keyResult: z.string(),
      organisation: z.string(),
      period: z.string(),
      value: z.number().nullable(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      breakdown: z.record(z.string(), z.string()),
    }),
  ),
  batchId: z.string().optional(),
});

export const assessmentResponse = z.object({
  id: z.number().int(),
  strategyId: z.string(),
  keyResultId: z.string().nullable(),
  sectionKey: z.string().nullable(),
  organisationId: z.string().nullable(),
  period: z.string(),
  confidence: z.enum(["on_track", "at_risk", "off_track"]),
  done: z.string(),
  learned: z.string(),
  next: z.string(),
  /** Who wrote it: null for those who may not see the strategy's internal material. */
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
});

const strategyRef = z.object({ id: z.string(), title: z.string(), owner: z.string() });
const trendPoint = z.object({
  period: z.string(),
  version: z.number().int().describe("The key result version that applied to the period"),
  value: z.number().nullable(),
  target: z.number().nullable(),
  status: shownStatus,
  suppressed: suppressedMarker,
  organisations: z.array(
    z.object({ organisation: z.string(), value: z.number().nullable(), target: z.number().nullable(), status: shownStatus, suppressed: suppressedMarker }),
  ),
});
const keyResultTrend = z.object({
  keyResultId: z.string(),
  code: z.string(),
  title: z.string(),
  unit: z.string(),
  sectionKey: z.string(),
  points: z.array(trendPoint).describe("One per period in which the key result was in effect, in period order"),
});
export const trendResponse = z
  .object({ strategy: strategyRef, periods: z.array(z.string()), keyResults: z.array(keyResultTrend) })
  .describe("Per key result and period, the value, target and status the status page gives for that period, for the region and each organisation");

export const seriesResponse = keyResultTrend
  .extend({
    strategy: strategyRef,
    periods: z.array(z.string()),
    versionChanges: z.array(z.object({ version: z.number().int(), effectiveFrom: z.string(), reason: z.string() })),
    dimension: z.string().optional(),
    breakdown: z
      .array(
        z.object({
          period: z.string(),
          organisation: z.string().describe("The region the values are rolled up to"),
          values: z.array(
            z.object({
              dimensionValue: z.string().nullable().describe("The value of the dimension; null for measurements that give none"),
              value: z.number().nullable(),
              numerator: z.number().nullable(),
              denominator: z.number().nullable(),
              suppressed: suppressedMarker,
            }),
          ),
        }),
      )
      .optional()
      .describe("With ?dimension=: per period, the region's value for each value of the dimension"),
  })
  .describe("One key result over a range of periods, its versions, and optionally its values per value of a dimension");

export const missingReportsResponse = z
  .object({
    asOf: z.string(),
    keyResults: z.array(
      z.object({
        keyResultId: z.string(),
        code: z.string(),
        title: z.string(),
        period: z.string().describe("The last period completed by asOf at the key result's frequency"),
        expected: z.array(z.string()),
        missing: z.array(z.string()),
      }),
    ),
    byOrganisation: z.array(
      z.object({ organisation: z.string(), missing: z.array(z.object({ keyResultId: z.string(), code: z.string(), period: z.string() })) }),
    ),
  })
  .describe("Per key result, who is expected to report its last completed period and who has not; and the same per organisation");

/** The error answers every route may give, for the OpenAPI document. */
export const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse, 412: errorResponse, 428: errorResponse } as const;
