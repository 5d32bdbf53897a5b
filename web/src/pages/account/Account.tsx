import { Alert, Button, Card, Heading, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { ApiError, client, ok } from "../../api/client.js";
import { CardForm, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { usePageTitle } from "../../current.js";
import { useT } from "../../i18n/i18n.js";
import { Guarded, useSession, useSessionChange, type SessionUser } from "../../session.js";
import { safeReturnTo, urls } from "../../urls.js";
import { useGrantText } from "../admin/shared.js";
import "./account.css";
import { accountMessages } from "./messages.js";
import { NewPasswordFields, usePasswordCheck, useRepeatCheck } from "./credentials.js";

/** The signed-in person's own page: who they are, their roles, changing the password, signing out everywhere. */
export default function Account() {
  return (
    <Guarded>
      <AccountView />
    </Guarded>
  );
}

function AccountView() {
  const t = useT(accountMessages);
  const session = useSession().data;
  const grantText = useGrantText();
  usePageTitle(t("title"));
  const user = session?.user;
  if (!session || !user) return null;

  return (
    <div className="narrow-page account-page stack">
      <Heading level={1} data-size="lg">
        {t("title")}
      </Heading>
      {user.mustChangePassword && (
        <Alert data-color="warning">
          <Paragraph>{t("mustChange")}</Paragraph>
        </Alert>
      )}
      <Card data-color="neutral" className="stack">
        <section aria-labelledby="account-who" className="stack">
          <Heading level={2} data-size="sm" id="account-who">
            {t("whoTitle")}
          </Heading>
          <dl className="account-facts">
            <dt>{t("name")}</dt>
            <dd>{user.name}</dd>
            <dt>{t("email")}</dt>
            <dd>{user.email}</dd>
          </dl>
        </section>
        <section aria-labelledby="account-roles" className="stack">
          <Heading level={2} data-size="sm" id="account-roles">
            {t("rolesTitle")}
          </Heading>
          {user.mustChangePassword ? (
            <Paragraph>{t("rolesWaiting")}</Paragraph>
          ) : session.grants.length === 0 ? (
            <Paragraph>{t("noRoles")}</Paragraph>
          ) : (
            <>
              <Paragraph className="muted">{t("rolesIntro")}</Paragraph>
              <ul>
                {session.grants.map((g, i) => (
                  <li key={i}>{grantText(g)}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      </Card>
      <ChangePassword user={user} />
      <SignOutEverywhere />
    </div>
  );
}

function ChangePassword({ user }: { user: SessionUser }) {
  const t = useT(accountMessages);
  const { signedIn } = useSessionChange();
  const returnTo = new URLSearchParams(useSearch()).get("returnTo");
  const checkPassword = usePasswordCheck();
  const checkRepeat = useRepeatCheck();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const [changed, setChanged] = useState(false);
  const fields = {
    current: { target: "pw-current", label: t("current") },
    password: { target: "pw-password", label: t("newPassword") },
    repeat: { target: "pw-repeat", label: t("repeat") },
  };

  const change = useMutation({
    mutationFn: () => ok(client.PUT("/api/v1/session/password", { body: { current, password } })),
    onSuccess: (session) => {
      setCurrent("");
      setPassword("");
      setRepeat("");
      setChanged(true);
      signedIn(session);
    },
    onError: (err) => {
      const found: FieldProblem[] = [];
      if (!(err instanceof ApiError)) found.push({ ...fields.current, message: t("network") });
      else if (err.status === 429) found.push({ ...fields.current, message: t("tooMany") });
      else
        for (const d of err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message, code: undefined }]) {
          // The current password is wrong, or the account has none (it signs in with single sign-on).
          if (d.path.endsWith("current")) found.push({ ...fields.current, message: t(d.code === "wrong_password" ? "currentWrong" : "noPassword") });
          else found.push({ ...(d.path.endsWith("password") ? fields.password : fields.current), message: d.message, lang: "en" });
        }
      show(found);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (change.isPending) return;
    setChanged(false);
    const found: FieldProblem[] = [];
    if (!current) found.push({ ...fields.current, message: t("currentRequired") });
    const weak = checkPassword(password, user.email, fields.password);
    found.push(...weak);
    if (weak.length === 0 && current && password === current) found.push({ ...fields.password, message: t("sameAsCurrent") });
    found.push(...checkRepeat(password, repeat, fields.repeat));
    if (show(found)) change.mutate();
  }

  return (
    <CardForm id="account-password" title={t("passwordTitle")} errorsTitle={t("errorsTitle")} problems={problems} attempt={attempt} onSubmit={submit}>
      {/* The e-mail address, hidden, tells a password manager which account the new password is for. */}
      <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
      <Textfield
        id="pw-current"
        label={t("current")}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={problemAt(problems, "pw-current")}
      />
      <NewPasswordFields
        prefix="pw"
        labels={{ password: t("newPassword"), repeat: t("repeat") }}
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        problems={problems}
      />
      <div role="status">
        {changed && (
          <Alert data-color="success">
            <Paragraph>{t("changed")}</Paragraph>
            {returnTo && (
              <Paragraph>
                <Link asChild>
                  <RouterLink href={safeReturnTo(returnTo)}>{t("continue")}</RouterLink>
                </Link>
              </Paragraph>
            )}
          </Alert>
        )}
      </div>
      <div>
        <Button type="submit" loading={change.isPending}>
          {t("change")}
        </Button>
      </div>
    </CardForm>
  );
}

function SignOutEverywhere() {
  const t = useT(accountMessages);
  const [, navigate] = useLocation();
  const { signedOut } = useSessionChange();
  const revoke = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/session/revoke-all")),
    onSuccess: () => {
      signedOut();
      navigate(urls.signIn(), { replace: true });
    },
  });
  return (
    <section aria-labelledby="account-everywhere" className="stack">
      <Heading level={2} data-size="sm" id="account-everywhere">
        {t("everywhereTitle")}
      </Heading>
      <Paragraph>{t("everywhereIntro")}</Paragraph>
      {revoke.isError && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{revoke.error instanceof ApiError ? t("failed", { message: revoke.error.message }) : t("network")}</Paragraph>
        </Alert>
      )}
      <div>
        <Button variant="secondary" data-color="danger" loading={revoke.isPending} onClick={() => !revoke.isPending && revoke.mutate()}>
          {t("everywhere")}
        </Button>
      </div>
    </section>
  );
}
