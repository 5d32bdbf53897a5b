import { z } from "zod";
import { periodText } from "../strategies/schema.js";

export const assessmentSchema = z.object({
  strategy: z.string().min(1),
  keyResult: z.uuid().optional(),
  section: z.string().min(1).optional(),
  organisation: z.string().min(1).optional(),
  period: periodText,
  confidence: z.enum(["on_track", "at_risk", "off_track"]),
  done: z.string().max(5000).default(""),
  learned: z.string().max(5000).default(""),
  next: z.string().max(5000).default(""),
  replaces: z.number().int().nullable().optional(),
});

export const assessmentQuery = z.object({
  strategy: z.string().min(1),
  keyResult: z.uuid().optional(),
  section: z.string().optional(),
  period: periodText.optional(),
  history: z.stringbool().optional(),
});
