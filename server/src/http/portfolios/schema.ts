import { z } from "zod";
import { LINK_DIRECTIONS, LINK_SIZES } from "../../domain/portfolio/initiative.js";
import { ALL_PHASES, PHASES } from "../../domain/portfolio/lifecycle.js";
import { checklistResponse } from "../initiatives/schema.js";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");

export const portfolioParams = z.object({ strategy: slug });
export const checklistParams = z.object({ strategy: slug, phase: z.enum(PHASES) });
export const checklistSchema = z.object({
  items: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, "lower-case letters, digits and hyphens"),
        label: z.string().min(1).max(500),
        required: z.boolean(),
      }),
    )
    .max(50),
});

export const checklistsResponse = z
  .record(z.enum(PHASES), checklistResponse)
  .describe("Per phase, the checklist of the decision point that ends it: the region's own, or the default (version 0)");

export const coverageResponse = z
  .object({
    sections: z.array(
      z.object({
        key: z.string(),
        code: z.string().nullable(),
        title: z.string(),
        initiativeCount: z.number().int(),
        keyResults: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), initiativeCount: z.number().int() })),
      }),
    ),
    initiatives: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), phase: z.enum(ALL_PHASES) })),
    cells: z.array(
      z.object({ initiative: z.string(), section: z.string(), keyResult: z.string().nullable(), direction: z.enum(LINK_DIRECTIONS), size: z.enum(LINK_SIZES) }),
    ),
    uncovered: z.object({ sections: z.array(z.string()), keyResults: z.array(z.string()) }),
  })
  .describe("Focus areas and key results × initiatives (all but rejected ones); an objective is covered by an initiative expected to move it the right way");

