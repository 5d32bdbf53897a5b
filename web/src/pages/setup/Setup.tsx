import { Button, Card, Heading, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { ApiError, client, ok } from "../../api/client.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { usePageTitle } from "../../current.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { useSession, useSessionChange } from "../../session.js";
import { urls } from "../../urls.js";
import "../account/account.css";
import { looksLikeEmail, NewPasswordFields, usePasswordCheck, useRepeatCheck } from "../account/credentials.js";
import { setupMessages } from "./messages.js";

/**
 * First start: whoever holds the setup link the server printed creates the first administrator,
 * and is signed in as them.
 */
export default function Setup() {
  const t = useT(setupMessages);
  const tc = useT(common);
  const session = useSession();
  usePageTitle(t("title"));
  return (
    <div className="narrow-page stack">
      <Heading level={1} data-size="lg">
        {t("title")}
      </Heading>
      <Loaded query={session}>
        {(s) =>
          s.setupRequired ? (
            <>
              <Paragraph>{t("intro")}</Paragraph>
              <SetupForm />
            </>
          ) : (
            <>
              <Paragraph>{t("done")}</Paragraph>
              <Paragraph>
                <Link asChild>
                  <RouterLink href={urls.signIn()}>{tc("signIn")}</RouterLink>
                </Link>
              </Paragraph>
            </>
          )
        }
      </Loaded>
    </div>
  );
}

function SetupForm() {
  const t = useT(setupMessages);
  const [, navigate] = useLocation();
  const { signedIn } = useSessionChange();
  // The link carries the code; without it (typed by hand) the form asks for it.
  const linkToken = new URLSearchParams(useSearch()).get("token") ?? "";
  const [token, setToken] = useState(linkToken);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const [askToken, setAskToken] = useState(linkToken === "");
  const checkPassword = usePasswordCheck();
  const checkRepeat = useRepeatCheck();
  const fields = {
    token: { target: "setup-token", label: t("token") },
    email: { target: "setup-email", label: t("email") },
    name: { target: "setup-name", label: t("name") },
    password: { target: "setup-password", label: t("password") },
    repeat: { target: "setup-repeat", label: t("repeat") },
  };

  const setup = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/setup", { body: { token: token.trim(), email: email.trim(), name: name.trim(), password } })),
    onSuccess: (session) => {
      signedIn(session);
      navigate(urls.adminUsers(), { replace: true });
    },
    onError: (err) => {
      const found: FieldProblem[] = [];
      if (!(err instanceof ApiError)) found.push({ ...fields.email, message: t("network") });
      else if (err.status === 429) found.push({ ...fields.email, message: t("tooMany") });
      else
        for (const d of err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message, code: undefined }]) {
          const key = d.path.replace(/^body\./, "") as keyof typeof fields;
          if (d.code === "setup_token_invalid") {
            // A bad code from the link is typed in again.
            setAskToken(true);
            found.push({ ...fields.token, message: t("tokenInvalid") });
          } else found.push({ ...(fields[key] ?? fields.email), message: d.message, lang: "en" });
        }
      show(found);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (setup.isPending) return;
    const found: FieldProblem[] = [];
    if (!token.trim()) found.push({ ...fields.token, message: t("tokenRequired") });
    if (!email.trim()) found.push({ ...fields.email, message: t("emailRequired") });
    else if (!looksLikeEmail(email)) found.push({ ...fields.email, message: t("emailInvalid") });
    if (!name.trim()) found.push({ ...fields.name, message: t("nameRequired") });
    found.push(...checkPassword(password, email, fields.password), ...checkRepeat(password, repeat, fields.repeat));
    if (show(found)) setup.mutate();
  }

  return (
    <Card data-color="neutral">
      <form onSubmit={submit} noValidate className="stack" aria-label={t("title")}>
        <FormErrors heading={t("errorsTitle")} problems={problems} attempt={attempt} />
        {askToken && (
          <Textfield
            id="setup-token"
            label={t("token")}
            description={t("tokenHint")}
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            error={problemAt(problems, "setup-token")}
          />
        )}
        <Textfield
          id="setup-email"
          label={t("email")}
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={problemAt(problems, "setup-email")}
        />
        <Textfield id="setup-name" label={t("name")} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={problemAt(problems, "setup-name")} />
        <NewPasswordFields
          prefix="setup"
          labels={{ password: t("password"), repeat: t("repeat") }}
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          problems={problems}
        />
        <div>
          <Button type="submit" loading={setup.isPending}>
            {t("submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
