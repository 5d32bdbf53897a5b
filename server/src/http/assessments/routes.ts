import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listAssessments, recordAssessment } from "../../data/assessments.js";
import { assessmentQuery, assessmentSchema } from "./schema.js";
import { z } from "zod";
import { assessmentResponse, errors } from "../responses.js";

export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["assessments"];
  app.get("/assessments", { schema: { tags, summary: "Owners' assessments (confidence, done, learned, next)", querystring: assessmentQuery, response: { 200: z.array(assessmentResponse), ...errors } } }, async (req) => {
    const q = req.query;
    const scope = await req.access.readStrategy(q.strategy);
    const assessments = await listAssessments(app.db, { strategyId: q.strategy, keyResultId: q.keyResult, sectionKey: q.section, period: q.period, history: q.history });
    // Who wrote an assessment is internal (docs/decisions/0015-publication-policy.md); what it says is published with the strategy.
    if (await req.access.seesInternal(scope)) return assessments;
    return assessments.map((a) => ({ ...a, recordedBy: null }));
  });
  app.post("/assessments", { schema: { tags, summary: "Write the assessment of a key result or focus area for a period", body: assessmentSchema, response: { 201: assessmentResponse, ...errors } } }, async (req, reply) => {
    const b = req.body;
    const scope = await req.access.readStrategy(b.strategy);
    await req.access.authorize({ do: "assessment.write", organisation: scope.owner, about: b.organisation ?? null });
    const saved = await app.db.transaction(async (tx) => {
      const a = await recordAssessment(
        tx,
        { strategyId: b.strategy, keyResultId: b.keyResult, sectionKey: b.section, organisationId: b.organisation, period: b.period, confidence: b.confidence, done: b.done, learned: b.learned, next: b.next, replaces: b.replaces },
        req.actor,
      );
      await req.access.audit(tx, { action: "assessment.record", objectType: "assessment", objectId: String(a.id), before: b.replaces === undefined || b.replaces === null ? null : { replaces: b.replaces }, after: a });
      return a;
    });
    return reply.code(201).send(saved);
  });
};
