import { Textfield } from "@digdir/designsystemet-react";
import { useCallback } from "react";
import { problemAt, type FieldProblem } from "../../components/FormErrors.js";
import { defineMessages, useT } from "../../i18n/i18n.js";

/** Whether the text has the shape of an e-mail address (the server checks it properly). */
export const looksLikeEmail = (text: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());

// The server's own rule for a new password, checked in the form first so the person hears of it in
// their language; the server checks it anyway.
import { PASSWORD_MAX, PASSWORD_MIN, passwordFault } from "../../../../server/src/access/password-rule.js";

export { PASSWORD_MIN, passwordFault };

const passwordMessages = defineMessages({
  nb: {
    hint: "Minst {min} tegn. Lange passord er sterke; en setning du husker, er et godt valg.",
    short: "Passordet må ha minst {min} tegn.",
    isEmail: "Passordet kan ikke være e-postadressen.",
    long: "Passordet kan ha høyst {max} tegn.",
    repeatDiffers: "Passordene er ikke like.",
  },
  nn: {
    hint: "Minst {min} teikn. Lange passord er sterke; ei setning du hugsar, er eit godt val.",
    short: "Passordet må ha minst {min} teikn.",
    isEmail: "Passordet kan ikkje vere e-postadressa.",
    long: "Passordet kan ha høgst {max} teikn.",
    repeatDiffers: "Passorda er ikkje like.",
  },
  en: {
    hint: "At least {min} characters. Long passwords are strong; a sentence you remember is a good choice.",
    short: "The password must have at least {min} characters.",
    isEmail: "The password must not be the e-mail address.",
    long: "The password can have at most {max} characters.",
    repeatDiffers: "The passwords do not match.",
  },
});

/** What is wrong with a new password for `email`, as a problem of the field `at`; none if it will do. */
export function usePasswordCheck(): (password: string, email: string, at: { target: string; label: string }) => FieldProblem[] {
  const t = useT(passwordMessages);
  return useCallback(
    (password, email, at) => {
      const fault = passwordFault(password, email);
      return fault ? [{ ...at, message: t(fault, { min: PASSWORD_MIN, max: PASSWORD_MAX }) }] : [];
    },
    [t],
  );
}

/** The password typed twice must be the same. */
export function useRepeatCheck(): (password: string, repeat: string, at: { target: string; label: string }) => FieldProblem[] {
  const t = useT(passwordMessages);
  return useCallback((password, repeat, at) => (password === repeat ? [] : [{ ...at, message: t("repeatDiffers") }]), [t]);
}

/** A new password and the same again, with the rule said beside the first; ids `<prefix>-password` and `<prefix>-repeat`. */
export function NewPasswordFields({
  prefix,
  labels,
  password,
  repeat,
  onPassword,
  onRepeat,
  problems,
}: {
  prefix: string;
  labels: { password: string; repeat: string };
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
  problems: FieldProblem[];
}) {
  const t = useT(passwordMessages);
  return (
    <>
      <Textfield
        id={`${prefix}-password`}
        label={labels.password}
        description={t("hint", { min: PASSWORD_MIN })}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={problemAt(problems, `${prefix}-password`)}
      />
      <Textfield
        id={`${prefix}-repeat`}
        label={labels.repeat}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => onRepeat(e.target.value)}
        error={problemAt(problems, `${prefix}-repeat`)}
      />
    </>
  );
}
