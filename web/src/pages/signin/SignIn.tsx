import { Alert, Button, Card, Heading, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { ApiError, client, ok } from "../../api/client.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { usePageTitle } from "../../current.js";
import { useT } from "../../i18n/i18n.js";
import { useSession, useSessionChange } from "../../session.js";
import { safeReturnTo, urls } from "../../urls.js";
import "../account/account.css";
import { signInMessages } from "./messages.js";

/**
 * Signing in: with the region's identity provider when single sign-on is set up, else (or also) with
 * e-mail and password. Afterwards the person goes back where they came from — or, with a password an
 * administrator set, to their account to choose their own first.
 */
export default function SignIn() {
  const t = useT(signInMessages);
  const session = useSession();
  const params = new URLSearchParams(useSearch());
  const returnTo = safeReturnTo(params.get("returnTo"));
  usePageTitle(t("title"));

  return (
    <div className="narrow-page stack">
      <Heading level={1} data-size="lg">
        {t("title")}
      </Heading>
      <Loaded query={session}>
        {(s) =>
          s.user && !s.user.mustChangePassword ? (
            <>
              <Paragraph>{t("alreadySignedIn", { who: s.user.name || s.user.email })}</Paragraph>
              <Paragraph>
                <Link asChild>
                  <RouterLink href={returnTo}>{t("continue")}</RouterLink>
                </Link>
              </Paragraph>
            </>
          ) : (
            <>
              <Paragraph>{t("intro")}</Paragraph>
              {s.setupRequired && (
                <Alert data-color="info">
                  <Paragraph>{t("setupRequired")}</Paragraph>
                </Alert>
              )}
              {params.get("error") === "sso" && (
                <Alert data-color="danger" role="alert">
                  <Paragraph>{t("ssoFailed", { label: s.sso.label })}</Paragraph>
                </Alert>
              )}
              <Card data-color="neutral" className="stack">
                {s.sso.enabled && (
                  <>
                    <Button asChild data-size="md" className="wide-button">
                      {/* The provider's pages are outside the app: a full navigation, not the router's. */}
                      <a href={`/api/v1/auth/oidc/login?${new URLSearchParams({ returnTo })}`}>{t("sso", { label: s.sso.label })}</a>
                    </Button>
                    <Paragraph className="muted or-line">{t("or")}</Paragraph>
                  </>
                )}
                <PasswordForm returnTo={returnTo} />
              </Card>
            </>
          )
        }
      </Loaded>
    </div>
  );
}

function PasswordForm({ returnTo }: { returnTo: string }) {
  const t = useT(signInMessages);
  const [, navigate] = useLocation();
  const { signedIn } = useSessionChange();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // After too many attempts the server says how long to wait (Retry-After, in seconds).
  const [wait, setWait] = useState<number | null>(null);
  const { problems, attempt, show } = useFormProblems();

  const signIn = useMutation({
    mutationFn: async () => {
      const answer = await client.POST("/api/v1/session", { body: { email: email.trim(), password } });
      const retryAfter = Number(answer.response.headers.get("retry-after"));
      setWait(answer.response.status === 429 && retryAfter > 0 ? retryAfter : null);
      return ok(Promise.resolve(answer));
    },
    onSuccess: (session) => {
      signedIn(session);
      // A password an administrator set is to be replaced before anything else.
      navigate(session.user?.mustChangePassword ? urls.account({ returnTo }) : returnTo, { replace: true });
    },
    onError: () => setPassword(""),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (signIn.isPending) return;
    const found: FieldProblem[] = [];
    if (!email.trim()) found.push({ target: "signin-email", label: t("email"), message: t("emailRequired") });
    if (!password) found.push({ target: "signin-password", label: t("password"), message: t("passwordRequired") });
    if (show(found)) signIn.mutate();
  }

  const failure = signIn.error;
  const failureText = !failure
    ? ""
    : failure instanceof ApiError
      ? failure.status === 401
        ? t("failed")
        : failure.status === 429
          ? wait === null
            ? t("tooMany")
            : wait < 60
              ? t("tooManyWaitSeconds", { seconds: wait })
              : t("tooManyWaitMinutes", { minutes: Math.ceil(wait / 60) })
          : t("error", { message: failure.message })
      : t("network");

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={t("title")}>
      <FormErrors heading={t("errorsTitle")} problems={problems} attempt={attempt} />
      <div role="alert">
        {failureText && (
          <Alert data-color="danger">
            <Paragraph>{failureText}</Paragraph>
          </Alert>
        )}
      </div>
      <Textfield
        id="signin-email"
        label={t("email")}
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={problemAt(problems, "signin-email")}
        required
      />
      <Textfield
        id="signin-password"
        label={t("password")}
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={problemAt(problems, "signin-password")}
        required
      />
      <Button type="submit" loading={signIn.isPending} aria-disabled={signIn.isPending || undefined}>
        {signIn.isPending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
