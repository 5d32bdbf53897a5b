import { Alert, Button, Checkbox, Dialog, Divider, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Role } from "../../../../../server/src/access/policy.js";
import { ApiError, client, ok, type Answer } from "../../../api/client.js";
import { DataTable } from "../../../components/DataTable.js";
import { CardForm, FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../../components/FormErrors.js";
import { Loaded } from "../../../components/States.js";
import { Link as RouterLink } from "wouter";
import { useQueryParam } from "../../../current.js";
import { formatDateTime } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { Guarded } from "../../../session.js";
import { urls } from "../../../urls.js";
import { looksLikeEmail, PASSWORD_MIN, usePasswordCheck } from "../../account/credentials.js";
import { adminMessages } from "../messages.js";
import { AdminPage, checkRoleAndOrganisation, RoleAndOrganisation, serverProblems, useGrantText } from "../shared.js";
import { userMessages } from "./messages.js";

type User = Answer<"/api/v1/users">[number];
type Grant = User["grants"][number];

const USERS = ["users"] as const;
const useUsers = () => useQuery({ queryKey: USERS, queryFn: () => ok(client.GET("/api/v1/users")) });
/** People and their roles: add one, change a name, disable, set a temporary password, grant and remove roles. */
export default function Users() {
  return (
    <Guarded action={{ do: "user.admin" }}>
      <UsersView />
    </Guarded>
  );
}

function UsersView() {
  const t = useT(userMessages);
  const users = useUsers();
  // The person being managed is in the address, so a link can open them directly.
  const [selected, setSelected] = useQueryParam("user", "");
  const [announcement, setAnnouncement] = useState("");
  const current = users.data?.find((u) => u.id === selected);

  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <section aria-labelledby="users-list" className="stack">
        <Heading level={2} data-size="md" id="users-list">
          {t("listTitle")}
        </Heading>
        <div role="status">{announcement && <Paragraph>{announcement}</Paragraph>}</div>
        <Loaded query={users}>{(list) => (list.length === 0 ? <Paragraph>{t("empty")}</Paragraph> : <UserTable users={list} />)}</Loaded>
      </section>
      <CreateUser
        onCreated={(u) => {
          setAnnouncement(t("created", { who: u.email }));
          setSelected(u.id);
        }}
      />
      <Dialog open={current !== undefined} onClose={() => setSelected(undefined)} closeButton={t("close")} aria-labelledby="user-title" closedby="any">
        {current && <ManageUser key={current.id} user={current} />}
      </Dialog>
    </AdminPage>
  );
}

function StatusTags({ u }: { u: User }) {
  const t = useT(userMessages);
  const locked = u.lockedUntil !== null && u.lockedUntil > new Date().toISOString();
  return (
    <div className="admin-actions">
      {u.disabled ? <Tag data-color="danger">{t("disabledTag")}</Tag> : !locked && <Tag data-color="success">{t("active")}</Tag>}
      {locked && <Tag data-color="warning">{t("lockedTag", { when: formatDateTime(u.lockedUntil) })}</Tag>}
      {u.mustChangePassword && <Tag data-color="info">{t("mustChange")}</Tag>}
      {u.sso && <Tag data-color="neutral">{t("ssoTag")}</Tag>}
    </div>
  );
}

function UserTable({ users }: { users: User[] }) {
  const t = useT(userMessages);
  const ta = useT(adminMessages);
  const grantText = useGrantText();
  const rows = users.slice().sort((a, b) => a.email.localeCompare(b.email, "nb"));
  return (
    <div className="admin-table">
      <DataTable
        caption={t("caption")}
        captionHidden
        rows={rows}
        rowKey={(u) => u.id}
        columns={[
          {
            key: "email",
            header: t("email"),
            rowHeader: true,
            // The address opens the person's page (a link: it can be shared or opened anew).
            cell: (u) => (
              <RouterLink href={`${urls.adminUsers()}?user=${encodeURIComponent(u.id)}`} className="ds-link" aria-label={t("manageLabel", { who: u.email })}>
                {u.email}
              </RouterLink>
            ),
          },
          { key: "name", header: t("name"), cell: (u) => u.name },
          {
            key: "roles",
            header: t("roles"),
            cell: (u) =>
              u.grants.length === 0 ? (
                <span className="muted">{t("noRoles")}</span>
              ) : (
                <ul className="grant-list">
                  {u.grants.map((g) => (
                    <li key={g.id}>{grantText(g)}</li>
                  ))}
                </ul>
              ),
          },
          { key: "status", header: t("status"), cell: (u) => <StatusTags u={u} /> },
          { key: "login", header: t("lastLogin"), cell: (u) => <span className="nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : ta("never")}</span> },
        ]}
      />
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
  const t = useT(userMessages);
  const ta = useT(adminMessages);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const checkPassword = usePasswordCheck();
  const fields = {
    email: { target: "user-email", label: t("email") },
    name: { target: "user-name", label: t("name") },
    password: { target: "user-password", label: t("password") },
  };

  const create = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/users", { body: { email: email.trim(), name: name.trim(), ...(password ? { password } : {}) } })),
    onSuccess: async (u) => {
      setEmail("");
      setName("");
      setPassword("");
      await queryClient.invalidateQueries({ queryKey: USERS });
      onCreated(u);
    },
    onError: (err) => {
      show(err instanceof ApiError ? serverProblems(err, fields, fields.email) : [{ ...fields.email, message: ta("network") }]);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    const found: FieldProblem[] = [];
    if (!email.trim()) found.push({ ...fields.email, message: t("emailRequired") });
    else if (!looksLikeEmail(email)) found.push({ ...fields.email, message: t("emailInvalid") });
    if (!name.trim()) found.push({ ...fields.name, message: t("nameRequired") });
    if (password) found.push(...checkPassword(password, email, fields.password));
    if (show(found)) create.mutate();
  }

  return (
    <CardForm id="user-create-title" title={t("createTitle")} errorsTitle={t("createErrors")} problems={problems} attempt={attempt} onSubmit={submit}>
      <div className="admin-form">
        <Textfield
          id="user-email"
          label={t("email")}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={problemAt(problems, "user-email")}
        />
        <Textfield id="user-name" label={t("name")} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={problemAt(problems, "user-name")} />
        <Textfield
          id="user-password"
          className="full"
          label={t("password")}
          description={t("passwordHint", { min: PASSWORD_MIN })}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problemAt(problems, "user-password")}
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

/** One person: name and status, a temporary password, and their roles. */
function ManageUser({ user }: { user: User }) {
  return (
    <div className="stack">
      <Heading level={2} data-size="sm" id="user-title">
        {user.name ? `${user.name} (${user.email})` : user.email}
      </Heading>
      <EditUser user={user} />
      <Divider />
      <ResetPassword user={user} />
      <Divider />
      <UserGrants user={user} />
    </div>
  );
}

function EditUser({ user }: { user: User }) {
  const t = useT(userMessages);
  const ta = useT(adminMessages);
  const queryClient = useQueryClient();
  // The form starts from the version it was opened on; saving sends that version as If-Match.
  const [base, setBase] = useState(user);
  const [name, setName] = useState(user.name);
  const [disabled, setDisabled] = useState(user.disabled);
  const { problems, attempt, show } = useFormProblems();
  const [message, setMessage] = useState<{ kind: "saved" | "conflict" | "failed"; text: string } | null>(null);
  const fields = { name: { target: "edit-name", label: t("name") }, disabled: { target: "edit-disabled", label: t("disabled") } };
  // A newer version (a password set in this dialog, or another admin's change) replaces an untouched form.
  const touched = name !== base.name || disabled !== base.disabled;
  if (user.version > base.version && !touched) {
    setBase(user);
    setName(user.name);
    setDisabled(user.disabled);
  }

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.PUT("/api/v1/users/{id}", {
          params: { path: { id: user.id } },
          headers: { "if-match": `"${base.version}"` },
          body: { name: name.trim(), disabled },
        }),
      ),
    onSuccess: async (after) => {
      setBase(after);
      setMessage({ kind: "saved", text: t("saved") });
      await queryClient.invalidateQueries({ queryKey: USERS });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        // Someone else saved first: show what is stored now, and let the admin decide again.
        const fresh = (await queryClient.fetchQuery({ queryKey: USERS, queryFn: () => ok(client.GET("/api/v1/users")), staleTime: 0 })).find((u) => u.id === user.id);
        if (fresh) {
          setBase(fresh);
          setName(fresh.name);
          setDisabled(fresh.disabled);
        }
        setMessage({ kind: "conflict", text: t("conflict") });
      } else if (err instanceof ApiError && err.body.details.length > 0) {
        show(serverProblems(err, fields, fields.name));
      } else {
        setMessage({ kind: "failed", text: err instanceof ApiError ? ta("failed", { message: err.message }) : ta("network") });
      }
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setMessage(null);
    const found: FieldProblem[] = name.trim() ? [] : [{ ...fields.name, message: t("nameRequired") }];
    if (show(found)) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="edit-title">
      <Heading level={3} data-size="xs" id="edit-title">
        {t("detailsTitle")}
      </Heading>
      <FormErrors heading={t("saveErrors")} problems={problems} attempt={attempt} level={4} />
      <Textfield id="edit-name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={problemAt(problems, "edit-name")} autoComplete="off" />
      <Checkbox id="edit-disabled" label={t("disabled")} description={t("disabledHint")} checked={disabled} onChange={(e) => setDisabled(e.target.checked)} />
      <div role={message?.kind === "saved" ? "status" : "alert"}>
        {message && (
          <Alert data-color={message.kind === "saved" ? "success" : message.kind === "conflict" ? "warning" : "danger"}>
            <Paragraph>{message.text}</Paragraph>
          </Alert>
        )}
      </div>
      <div>
        <Button type="submit" loading={save.isPending}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}

function ResetPassword({ user }: { user: User }) {
  const t = useT(userMessages);
  const ta = useT(adminMessages);
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const checkPassword = usePasswordCheck();
  const field = { target: "reset-password", label: t("newPassword") };

  const reset = useMutation({
    mutationFn: (pw: string) => ok(client.POST("/api/v1/users/{id}/password", { params: { path: { id: user.id } }, body: { password: pw } })),
    onSuccess: async (_, pw) => {
      setDone(pw);
      setPassword("");
      await queryClient.invalidateQueries({ queryKey: USERS });
    },
    onError: (err) => {
      show(err instanceof ApiError ? serverProblems(err, { password: field }, field) : [{ ...field, message: ta("network") }]);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (reset.isPending) return;
    setDone("");
    const found = checkPassword(password, user.email, field);
    if (show(found)) reset.mutate(password);
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="reset-title">
      <Heading level={3} data-size="xs" id="reset-title">
        {t("resetTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("resetIntro")}</Paragraph>
      <FormErrors heading={t("resetErrors")} problems={problems} attempt={attempt} level={4} />
      <Textfield
        id="reset-password"
        label={t("newPassword")}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={problemAt(problems, "reset-password")}
      />
      <div role="status">
        {done && (
          <Alert data-color="success">
            <Paragraph>{t("resetDone")}</Paragraph>
            <Paragraph>
              <code className="secret">{done}</code>
            </Paragraph>
          </Alert>
        )}
      </div>
      <div>
        <Button type="submit" variant="secondary" loading={reset.isPending}>
          {t("reset")}
        </Button>
      </div>
    </form>
  );
}

function UserGrants({ user }: { user: User }) {
  const t = useT(userMessages);
  const ta = useT(adminMessages);
  const grantText = useGrantText();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role | "">("");
  const [organisation, setOrganisation] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fields = { role: { target: "grant-role", label: ta("role") }, organisation: { target: "grant-organisation", label: ta("organisation") } };

  const grant = useMutation({
    mutationFn: () =>
      ok(client.POST("/api/v1/users/{id}/grants", { params: { path: { id: user.id } }, body: { role: role as Role, organisation: role === "admin" ? null : organisation } })),
    onSuccess: async (g) => {
      setRole("");
      setOrganisation("");
      setMessage({ ok: true, text: t("granted", { who: user.email, grant: grantText(g) }) });
      await queryClient.invalidateQueries({ queryKey: USERS });
    },
    onError: (err) => {
      show(err instanceof ApiError ? serverProblems(err, fields, fields.role) : [{ ...fields.role, message: ta("network") }]);
    },
  });

  const revoke = useMutation({
    mutationFn: (g: Grant) => ok(client.DELETE("/api/v1/users/{id}/grants/{grantId}", { params: { path: { id: user.id, grantId: g.id } } })).then(() => g),
    onSuccess: async (g) => {
      setMessage({ ok: true, text: t("revoked", { grant: grantText(g) }) });
      await queryClient.invalidateQueries({ queryKey: USERS });
      requestAnimationFrame(() => document.getElementById("grants-title")?.focus());
    },
    onError: (err) => setMessage({ ok: false, text: err instanceof ApiError ? ta("failed", { message: err.message }) : ta("network") }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (grant.isPending) return;
    setMessage(null);
    const found = checkRoleAndOrganisation(ta, "grant", role, organisation);
    if (show(found)) grant.mutate();
  }

  return (
    <div className="stack">
      <Heading level={3} data-size="xs" id="grants-title" tabIndex={-1}>
        {t("grantsTitle")}
      </Heading>
      {user.grants.length === 0 ? (
        <Paragraph className="muted">{t("noRoles")}</Paragraph>
      ) : (
        <ul className="grant-list">
          {user.grants.map((g) => (
            <li key={g.id} className="admin-actions">
              <span>
                {grantText(g)}
                <span className="muted">
                  {" "}
                  ({g.source === "oidc" ? t("grantSource_oidc") : t("grantedBy", { who: g.grantedBy, when: formatDateTime(g.grantedAt) })})
                </span>
              </span>
              <Button
                variant="tertiary"
                data-size="sm"
                data-color="danger"
                aria-label={t("revokeLabel", { grant: grantText(g) })}
                onClick={() => !revoke.isPending && revoke.mutate(g)}
              >
                {t("revoke")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div role={message?.ok === false ? "alert" : "status"}>
        {message && (
          <Alert data-color={message.ok ? "success" : "danger"}>
            <Paragraph>{message.text}</Paragraph>
          </Alert>
        )}
      </div>
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="grant-title">
        <Heading level={4} data-size="2xs" id="grant-title">
          {t("grantTitle")}
        </Heading>
        <FormErrors heading={t("grantErrors")} problems={problems} attempt={attempt} level={5} />
        <div className="admin-form">
          <RoleAndOrganisation
            idPrefix="grant"
            role={role}
            organisation={organisation}
            onChange={(r, o) => {
              setRole(r);
              setOrganisation(o);
            }}
            problems={problems}
          />
        </div>
        <div>
          <Button type="submit" variant="secondary" loading={grant.isPending}>
            {t("grant")}
          </Button>
        </div>
      </form>
    </div>
  );
}
