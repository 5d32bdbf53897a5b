import { z } from "zod";
import { COMPUTATION_QUERIES, ENTERED_PHASES } from "../../domain/portfolio/computed.js";
import { INITIATIVE_KINDS } from "../../domain/portfolio/initiative.js";

export const computationSchema = z
  .discriminatedUnion("query", [
    z.object({
      query: z.literal("initiatives_entered_phase").describe("Initiatives approved into a phase, by meeting date, counted for their owner"),
      params: z.object({
        phase: z.enum(ENTERED_PHASES),
        kinds: z.array(z.enum(INITIATIVE_KINDS)).min(1).max(10).optional().describe("Only initiatives of these kinds"),
        tags: z.array(z.string().min(1).max(60)).min(1).max(30).optional().describe("Only initiatives with one of these tags"),
      }),
    }),
    z.object({ query: z.literal("adoptions").describe("Local solutions taken into use, by date, counted for the adopting organisation"), params: z.object({}).default({}) }),
    z.object({
      query: z.literal("ros_performed_or_reused").describe("ROS analyses performed and reused, by date, counted for the owner of the initiative performing or reusing"),
      params: z.object({}).default({}),
    }),
  ])
  .describe("A query of the portfolio that computes the key result's measurements: a count per organisation and period of its frequency");

export const keyResultParams = z.object({ id: z.uuid() });

export const bindingResponse = z.object({
  keyResultId: z.string(),
  code: z.string(),
  query: z.enum(COMPUTATION_QUERIES),
  params: z.record(z.string(), z.unknown()),
  boundBy: z.string(),
  boundAt: z.string(),
});

export const bindResponse = bindingResponse.extend({ recorded: z.number().int().describe("Measurements written by the recomputation") });
