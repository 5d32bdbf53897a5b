import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listOrganisations } from "../../data/strategies.js";

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/organisations", { schema: { tags: ["organisations"], summary: "Every organisation: regions, health trusts, shared services, units" } }, async () =>
    listOrganisations(app.db),
  );
};
