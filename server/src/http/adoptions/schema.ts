import { z } from "zod";
import { day } from "../portfolio-fields.js";

export const adoptionSchema = z.object({
  organisation: z.string().min(1).max(200).describe("The organisation taking the local solution into use (not its owner)"),
  adoptedOn: day,
  note: z.string().max(5000).optional(),
});

export const adoptionResponse = z.object({
  initiativeId: z.string(),
  organisationId: z.string(),
  adoptedOn: z.string(),
  note: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
