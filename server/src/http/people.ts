import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { namesByEmail } from "../access/people.js";
import { ANONYMOUS, isAdmin } from "../access/policy.js";

/** An address as people's accounts have them (lower case, see access/users.ts), inside any text. */
const ADDRESS = /[^\s@"'<>(),;:[\]]+@[^\s@"'<>(),;:[\]]+\.[a-z]{2,}/gi;

/** Every string inside `value` that holds an address. */
function addressesIn(value: unknown, found: Set<string>): void {
  if (typeof value === "string") {
    if (value.includes("@")) for (const m of value.matchAll(ADDRESS)) found.add(m[0].toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) addressesIn(v, found);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) addressesIn(v, found);
  }
}

function replaced(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return value.includes("@") ? value.replace(ADDRESS, (a) => names.get(a.toLowerCase()) ?? a) : value;
  if (Array.isArray(value)) return value.map((v) => replaced(v, names));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaced(v, names)]));
  return value;
}

/**
 * People are shown by name, never by e-mail address, to everyone but administrators (and to each
 * person their own): every API answer built as an object passes here, whichever table it came from.
 * The records keep the address (`recorded_by`, the audit trail), so an administrator can still tell
 * two people of the same name apart. Pages served from the status cache hold no people.
 */
export async function namesForAddresses(app: FastifyInstance, viewer: { label: string; admin: boolean }, payload: unknown): Promise<unknown> {
  if (viewer.admin) return payload;
  const found = new Set<string>();
  addressesIn(payload, found);
  found.delete(viewer.label.toLowerCase());
  if (found.size === 0) return payload;
  const names = await namesByEmail(app.db, [...found]);
  return names.size === 0 ? payload : replaced(payload, names);
}

declare module "fastify" {
  interface FastifyReply {
    /**
     * The address of the person this answer is about and for, when the caller is not yet that person:
     * signing in, or the first start (their own session, which shows them their address).
     */
    ownAddress: string | null;
  }
}

async function peoplePlugin(app: FastifyInstance): Promise<void> {
  app.decorateReply("ownAddress", null);
  app.addHook("preSerialization", async (req, reply, payload) => {
    if (!req.url.startsWith("/api/")) return payload;
    // A request refused before the caller was known (a wrong token, a missing CSRF token) answers as a visitor's would.
    const p = req.access?.principal ?? ANONYMOUS;
    return namesForAddresses(app, { label: reply.ownAddress ?? p.label, admin: isAdmin(p) }, payload);
  });
}

export const people = fp(peoplePlugin, { name: "veivalg-people", dependencies: ["veivalg-access"] });
