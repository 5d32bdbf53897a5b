import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createOrganisation, listOrganisations, setPortfolioSummaryPublished } from "../../data/strategies.js";
import { ORGANISATION_KINDS } from "../../domain/strategy.js";
import { errors, organisationResponse } from "../responses.js";

const organisationSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens"),
  parent: z.string().optional(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string().min(1).max(300),
  shortName: z.string().min(1).max(60),
  identifiers: z.record(z.string(), z.string()).optional(),
});

const publicationSchema = z.object({
  portfolioSummary: z.boolean().describe("Anyone may read each initiative's title, focus areas, phase and planned period of its published strategies; never risks, ROS, scores or people"),
});

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["organisations"];
  app.get("/organisations", { schema: { tags, summary: "Every organisation: regions, health trusts, shared services, units", response: { 200: z.array(organisationResponse) } } }, async () =>
    listOrganisations(app.db),
  );
  app.post("/organisations", { schema: { tags, summary: "Add an organisation, e.g. a unit below a trust", body: organisationSchema, response: { 201: organisationSchema, ...errors } } }, async (req, reply) => {
    await req.access.authorize({ do: "organisation.write" });
    await app.db.transaction(async (tx) => {
      await createOrganisation(tx, req.body);
      await req.access.audit(tx, { action: "organisation.create", objectType: "organisation", objectId: req.body.id, after: req.body });
    });
    return reply.code(201).send(req.body);
  });
  app.put(
    "/organisations/:id/publication",
    {
      schema: {
        tags,
        summary: "What the organisation publishes beyond its published strategies: the portfolio summary or nothing (docs/decisions/0015-publication-policy.md)",
        params: z.object({ id: z.string() }),
        body: publicationSchema,
        response: { 200: publicationSchema, ...errors },
      },
    },
    async (req) => {
      await req.access.authorize({ do: "organisation.write" });
      await app.db.transaction(async (tx) => {
        const before = await setPortfolioSummaryPublished(tx, req.params.id, req.body.portfolioSummary);
        await req.access.audit(tx, { action: "organisation.publication", objectType: "organisation", objectId: req.params.id, before: { portfolioSummary: before }, after: req.body });
      });
      return req.body;
    },
  );
};
