import { z } from "zod";

export const importQuery = z.object({
  strategy: z.string().min(1),
  dryRun: z.stringbool().default(false),
  filename: z.string().max(300).optional().describe("File name, when the body is the raw file"),
});

export const portfolioImportResponse = z.object({
  dryRun: z.boolean(),
  created: z.array(z.string()).describe("Codes of the initiatives registered"),
  revised: z.array(z.string()).describe("Codes of the initiatives changed"),
  unchanged: z.array(z.string()),
});

export const portfolioExportParams = z.object({ id: z.string().min(1) });
export const portfolioExportQuery = z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") });
