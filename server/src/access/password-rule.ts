/**
 * The rule for a new password, pure so the web app checks it in the form with the same code: long
 * enough to resist guessing (length matters more than character classes, per NIST SP 800-63B),
 * bounded so hashing stays cheap, and not the person's own e-mail.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export type PasswordFault = "short" | "long" | "isEmail";

export function passwordFault(password: string, email: string): PasswordFault | undefined {
  if (password.length < PASSWORD_MIN) return "short";
  if (password.length > PASSWORD_MAX) return "long";
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return "isEmail";
  return undefined;
}
