import { Invalid, PreconditionRequired } from "../domain/errors.js";

/** ETags are the resource's version number: `"3"`. */
export const etag = (version: number): string => `"${version}"`;

/** The version an update was based on, from `If-Match`; an update without one is refused. */
export function expectedVersion(ifMatch: string | undefined): number {
  if (!ifMatch) {
    throw new PreconditionRequired("send If-Match with the ETag you read, so that no one else's change is overwritten");
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!m) throw new Invalid("If-Match must be an ETag this server gave out", [{ path: "headers.if-match", message: "not an ETag" }]);
  return Number(m[1]);
}
