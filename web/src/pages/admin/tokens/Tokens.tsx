import { Alert, Button, Dialog, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Role } from "../../../../../server/src/access/policy.js";
import { ApiError, client, ok, type Answer } from "../../../api/client.js";
import { DataTable } from "../../../components/DataTable.js";
import { CardForm, problemAt, useFormProblems, type FieldProblem } from "../../../components/FormErrors.js";
import { Loaded } from "../../../components/States.js";
import { formatDateTime } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { Guarded, useRoleName } from "../../../session.js";
import { adminMessages } from "../messages.js";
import { AdminPage, checkRoleAndOrganisation, RoleAndOrganisation, serverProblems, useOrganisationName } from "../shared.js";
import { tokenMessages } from "./messages.js";

type TokenInfo = Answer<"/api/v1/tokens">[number];
type Created = { token: string; info: TokenInfo };

const useTokens = () => useQuery({ queryKey: ["tokens"], queryFn: () => ok(client.GET("/api/v1/tokens")) });

/** Tokens for other systems: who has which, when they expire and were last used; make one, revoke one. */
export default function Tokens() {
  return (
    <Guarded action={{ do: "token.admin" }}>
      <TokensView />
    </Guarded>
  );
}

function TokensView() {
  const t = useT(tokenMessages);
  const tokens = useTokens();
  const [created, setCreated] = useState<Created | null>(null);
  const [announcement, setAnnouncement] = useState("");

  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {created ? (
        <CreatedToken created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateToken
          onCreated={(c) => {
            setAnnouncement("");
            setCreated(c);
          }}
        />
      )}
      <section aria-labelledby="tokens-list" className="stack">
        <Heading level={2} data-size="md" id="tokens-list">
          {t("listTitle")}
        </Heading>
        <div role="status">{announcement && <Paragraph>{announcement}</Paragraph>}</div>
        <Loaded query={tokens}>{(list) => (list.length === 0 ? <Paragraph>{t("empty")}</Paragraph> : <TokenTable tokens={list} onRevoked={setAnnouncement} />)}</Loaded>
      </section>
    </AdminPage>
  );
}

function TokenTable({ tokens, onRevoked }: { tokens: TokenInfo[]; onRevoked: (message: string) => void }) {
  const t = useT(tokenMessages);
  const ta = useT(adminMessages);
  const roleName = useRoleName();
  const orgName = useOrganisationName();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<TokenInfo | null>(null);
  const now = new Date().toISOString();

  const revoke = useMutation({
    mutationFn: (token: TokenInfo) => ok(client.DELETE("/api/v1/tokens/{id}", { params: { path: { id: token.id } } })),
    onSuccess: async (after) => {
      setConfirming(null);
      onRevoked(t("revoked", { name: after.name }));
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });

  const status = (k: TokenInfo) =>
    k.revokedAt ? (
      <>
        <Tag data-color="neutral">{t("revokedTag")}</Tag>
        <br />
        <span className="muted nowrap">{formatDateTime(k.revokedAt)}</span>
      </>
    ) : k.expiresAt < now ? (
      <Tag data-color="warning">{t("expired")}</Tag>
    ) : (
      <Tag data-color="success">{t("active")}</Tag>
    );

  // Newest first; revoked ones last.
  const rows = tokens.slice().sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));

  return (
    <>
      <div className="admin-table">
        <DataTable
          caption={t("listTitle")}
          captionHidden
          rows={rows}
          rowKey={(k) => k.id}
          columns={[
            {
              key: "name",
              header: t("name"),
              rowHeader: true,
              cell: (k) => (
                <>
                  {k.name}
                  <br />
                  <span className="muted light">
                    {t("prefix")} <code className="secret">{k.prefix}…</code>
                  </span>
                </>
              ),
            },
            {
              key: "role",
              header: t("roleOn"),
              cell: (k) => (
                <>
                  {roleName(k.role)}
                  <br />
                  <span className="muted">{orgName(k.organisation)}</span>
                </>
              ),
            },
            {
              key: "created",
              header: t("created"),
              cell: (k) => (
                <>
                  <span className="nowrap">{formatDateTime(k.createdAt)}</span>
                  <br />
                  <span className="muted">{t("createdBy", { who: k.createdBy })}</span>
                </>
              ),
            },
            { key: "expires", header: t("expires"), cell: (k) => <span className="nowrap">{formatDateTime(k.expiresAt)}</span> },
            { key: "used", header: t("lastUsed"), cell: (k) => <span className="nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : ta("never")}</span> },
            { key: "status", header: t("status"), cell: status },
            {
              key: "actions",
              header: t("actions"),
              cell: (k) =>
                k.revokedAt ? null : (
                  <Button
                    variant="secondary"
                    data-size="sm"
                    data-color="danger"
                    className="nowrap"
                    aria-label={t("revokeLabel", { name: k.name })}
                    onClick={() => setConfirming(k)}
                  >
                    {t("revoke")}
                  </Button>
                ),
            },
          ]}
        />
      </div>
      <Dialog
        open={confirming !== null}
        onClose={() => {
          setConfirming(null);
          revoke.reset();
        }}
        closeButton={ta("cancel")}
        aria-labelledby="revoke-title"
      >
        {confirming && (
          <div className="stack">
            <Heading level={2} data-size="sm" id="revoke-title">
              {t("confirmTitle", { name: confirming.name })}
            </Heading>
            <Paragraph>{t("confirmText")}</Paragraph>
            {revoke.error && (
              <Alert data-color="danger" role="alert">
                {ta("failed", { message: revoke.error.message })}
              </Alert>
            )}
            <div className="admin-actions">
              <Button data-color="danger" loading={revoke.isPending} onClick={() => !revoke.isPending && revoke.mutate(confirming)}>
                {t("revoke")}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(null)}>
                {ta("cancel")}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}

function CreateToken({ onCreated }: { onCreated: (c: Created) => void }) {
  const t = useT(tokenMessages);
  const ta = useT(adminMessages);
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [organisation, setOrganisation] = useState("");
  const [days, setDays] = useState("90");
  const { problems, attempt, show } = useFormProblems();

  const fields = {
    name: { target: "token-name", label: t("name") },
    role: { target: "token-role", label: ta("role") },
    organisation: { target: "token-organisation", label: ta("organisation") },
    days: { target: "token-days", label: t("days") },
  };

  const create = useMutation({
    mutationFn: () =>
      ok(client.POST("/api/v1/tokens", { body: { name: name.trim(), role: role as Role, organisation: role === "admin" ? null : organisation, days: Number(days) } })),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
      onCreated(c);
    },
    onError: (err) => {
      show(err instanceof ApiError ? serverProblems(err, fields, fields.name) : [{ ...fields.name, message: ta("network") }]);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    const found: FieldProblem[] = [];
    if (!name.trim()) found.push({ ...fields.name, message: t("nameRequired") });
    found.push(...checkRoleAndOrganisation(ta, "token", role, organisation));
    if (!/^\d+$/.test(days.trim()) || Number(days) < 1 || Number(days) > 730) found.push({ ...fields.days, message: t("daysInvalid") });
    if (show(found)) create.mutate();
  }

  return (
    <CardForm id="token-create-title" title={t("createTitle")} errorsTitle={t("errorsTitle")} problems={problems} attempt={attempt} onSubmit={submit}>
      <div className="admin-form">
        <Textfield
          id="token-name"
          label={t("name")}
          description={t("nameHint")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problemAt(problems, "token-name")}
          autoComplete="off"
          maxLength={100}
        />
        <RoleAndOrganisation
          idPrefix="token"
          role={role}
          organisation={organisation}
          onChange={(r, o) => {
            setRole(r);
            setOrganisation(o);
          }}
          problems={problems}
        />
        <Textfield
          id="token-days"
          label={t("days")}
          description={t("daysHint")}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={problemAt(problems, "token-days")}
          autoComplete="off"
        />
      </div>
      <div>
        <Button type="submit" loading={create.isPending}>
          {t("create")}
        </Button>
      </div>
    </CardForm>
  );
}

/** The new token's secret, shown this once, with a copy button; it is gone when the admin says they saved it. */
function CreatedToken({ created, onDone }: { created: Created; onDone: () => void }) {
  const t = useT(tokenMessages);
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <Alert data-color="warning" className="stack">
      <Heading level={2} data-size="sm" ref={heading} tabIndex={-1}>
        {t("createdTitle", { name: created.info.name })}
      </Heading>
      <Paragraph>{t("createdWarning")}</Paragraph>
      <Textfield id="token-secret" label={t("theToken")} readOnly value={created.token} className="token-secret" onFocus={(e) => e.currentTarget.select()} />
      <div className="admin-actions">
        <Button variant="primary" onClick={() => void copy()}>
          {t("copy")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
      <div role="status">{copied && <Paragraph>{copied === "ok" ? t("copied") : t("copyFailed")}</Paragraph>}</div>
    </Alert>
  );
}
