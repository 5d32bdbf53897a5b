import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Sends a page from the status cache (services/status.ts): gzip'd as the cache keeps it when the
 * client accepts gzip (browsers do), else the JSON text. Either way nothing is serialised again.
 */
export async function sendPage(req: FastifyRequest, reply: FastifyReply, page: { json: string; gzip: () => Promise<Buffer> }): Promise<FastifyReply> {
  reply.type("application/json").header("vary", "accept-encoding");
  if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) return reply.header("content-encoding", "gzip").send(await page.gzip());
  return reply.send(page.json);
}
