import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret for a cookie, token or link: 32 bytes, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString("base64url");

/** Secrets are stored only as their SHA-256: a leaked table gives nobody a working token. */
export const sha256 = (secret: string): string => createHash("sha256").update(secret).digest("hex");

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
