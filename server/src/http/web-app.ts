import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

/**
 * Serves the built single-page app. Any GET that is not an API route or a file gets index.html, so
 * every page's address can be opened directly; hashed assets are cached for a year, index.html never.
 */
export const webApp: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  if (!existsSync(join(root, "index.html"))) {
    app.log.warn(`no web app at ${root}: run \`npm run build:web\`; serving the API only`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      res.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.get("/*", { schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith("/api/")) return reply.callNotFound();
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
};
