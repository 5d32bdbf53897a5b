import { z } from "zod";

export const runParams = z.object({ id: z.string().uuid() });
export const runQuery = z.object({ strategy: z.string().min(1).max(200) });

export const startRunSchema = z.object({
  strategy: z.string().min(1).max(200).describe("The strategy whose FHIR-bound key results to compute"),
  source: z
    .string()
    .min(1)
    .max(500)
    .regex(/^[^/\\\0]+$/, "the name of a folder or archive in the server's FHIR folder, without '/'")
    .describe("A FHIR Bulk Data export under the server's FHIR folder: a folder of NDJSON files, or a .tar, .tar.gz or .zip of one"),
});

const detail = z.object({ path: z.string(), message: z.string(), row: z.number().int().optional() });

export const runResponse = z.object({
  id: z.string(),
  strategyId: z.string(),
  source: z.string().describe("The export's name under the FHIR folder"),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.object({ step: z.string().nullable(), done: z.number().int(), total: z.number().int() }),
  inputs: z
    .array(z.object({ name: z.string(), resourceType: z.string(), bytes: z.number(), sha256: z.string(), resources: z.number().int() }))
    .describe("What the run read: each file's name, type, size, SHA-256 and number of resources"),
  definitions: z.array(z.object({ keyResult: z.string(), version: z.number().int(), hash: z.string() })).describe("The indicator definitions run, by version and content hash"),
  views: z.array(z.object({ name: z.string(), rows: z.number().int() })),
  resultRows: z.number().int().nullable(),
  unmappedRows: z.number().int().nullable().describe("Result rows for organisations Veivalg does not know (left out)"),
  recorded: z.number().int().nullable().describe("Measurements written (only those that changed)"),
  superseded: z.number().int().nullable(),
  errors: z.array(detail),
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export const runListResponse = z.array(runResponse);

export const sourceListResponse = z.array(
  z.object({ name: z.string(), kind: z.enum(["folder", "archive"]), bytes: z.number(), modifiedAt: z.string() }),
);

export const definitionListResponse = z.array(
  z.object({
    keyResult: z.string(),
    version: z.number().int(),
    hash: z.string(),
    countsAre: z.enum(["persons", "events", "types"]).describe("What the counts are of: persons and events are shown as \"< threshold\" when small"),
    description: z.string(),
    views: z.array(z.string()).describe("The ViewDefinitions the query reads, by name"),
  }),
);
