import { z } from "zod";

export const importQuery = z.object({
  strategy: z.string().min(1),
  dryRun: z.stringbool().default(false),
  filename: z.string().max(300).optional().describe("File name, when the body is the raw file"),
});
