import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createOrganisation, listOrganisations } from "../../data/strategies.js";
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
};
