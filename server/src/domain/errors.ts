/**
 * One error hierarchy for the whole server. Each error carries a stable `code` that clients may
 * branch on; the HTTP layer maps the class to a status once (http/errors.ts).
 */
export interface ErrorDetail {
  /** Where the fault is: a JSON path (`items.3.value`) or, for files, `row 12, column verdi`. */
  path: string;
  message: string;
  row?: number | undefined;
  column?: string | undefined;
  code?: string | undefined;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  readonly code = "not_found";
}
export class Invalid extends DomainError {
  readonly code = "invalid";
}
/** The request contradicts the current state (e.g. an idempotency key reused with another body). */
export class Conflict extends DomainError {
  readonly code: string;
  constructor(message: string, details: ErrorDetail[] = [], code = "conflict") {
    super(message, details);
    this.code = code;
  }
}
/** The client's copy is stale: its If-Match does not name the current version. */
export class PreconditionFailed extends DomainError {
  readonly code = "version_mismatch";
}
/** An update came without If-Match; we never let a write silently overwrite another. */
export class PreconditionRequired extends DomainError {
  readonly code = "if_match_required";
}
export class Forbidden extends DomainError {
  readonly code = "forbidden";
}
/** The request needs a signed-in person or a token, and came without a valid one (or a sign-in failed: `login_failed`). */
export class Unauthenticated extends DomainError {
  readonly code: string;
  constructor(message: string, details: ErrorDetail[] = [], code = "unauthenticated") {
    super(message, details);
    this.code = code;
  }
}
