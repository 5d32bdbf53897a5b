import { Field, Heading, Label, Paragraph, Select, ValidationMessage } from "@digdir/designsystemet-react";
import { useCallback, type ReactNode } from "react";
import { ROLES, type Role } from "../../../../server/src/access/policy.js";
import { ApiError, type Organisation } from "../../api/client.js";
import { useOrganisations } from "../../api/queries.js";
import type { FieldProblem } from "../../components/FormErrors.js";
import { usePageTitle } from "../../current.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { useRoleName } from "../../session.js";
import "./admin.css";
import { adminMessages } from "./messages.js";

/** An administration page: its title (also the tab's), what it is for, and its parts. */
export function AdminPage({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="admin-page">
      <div>
        <Heading level={1} data-size="lg">
          {title}
        </Heading>
        <Paragraph className="muted">{intro}</Paragraph>
      </div>
      {children}
    </div>
  );
}

/** An organisation's name from the register, or its id if the register does not know it. */
export function useOrganisationName(): (id: string | null) => string {
  const orgs = useOrganisations();
  const tc = useT(common);
  return useCallback(
    (id: string | null) => (id === null ? tc("allOrganisations") : (orgs.data?.find((o) => o.id === id)?.name ?? id)),
    [orgs.data, tc],
  );
}

/** "Reporter, Akershus universitetssykehus HF": a grant as people read it. */
export function useGrantText(): (g: { role: string; organisation: string | null }) => string {
  const roleName = useRoleName();
  const orgName = useOrganisationName();
  // A system administrator's role covers everything: its name says it all.
  return useCallback((g) => (g.organisation === null ? roleName(g.role) : `${roleName(g.role)}, ${orgName(g.organisation)}`), [roleName, orgName]);
}

/** The register as a tree for a select: each region (or national body) a group with its own organisations. */
function groups(orgs: Organisation[]): { root: Organisation; members: Organisation[] }[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const rootOf = (o: Organisation): Organisation => {
    let r = o;
    for (let seen = 0; r.parent && byId.has(r.parent) && seen < orgs.length; seen++) r = byId.get(r.parent)!;
    return r;
  };
  const out = new Map<string, { root: Organisation; members: Organisation[] }>();
  for (const o of orgs) {
    const root = rootOf(o);
    const g = out.get(root.id) ?? { root, members: [] };
    g.members.push(o);
    out.set(root.id, g);
  }
  // The root first in its group, then the rest in the register's order.
  for (const g of out.values()) g.members.sort((a, b) => (a.id === g.root.id ? -1 : b.id === g.root.id ? 1 : 0));
  return [...out.values()];
}

/**
 * A role and the organisation it covers (with its sub-tree). A system administrator's role covers
 * everything, so it takes no organisation.
 */
export function RoleAndOrganisation({
  idPrefix,
  role,
  organisation,
  onChange,
  problems,
}: {
  idPrefix: string;
  role: Role | "";
  organisation: string;
  onChange: (role: Role | "", organisation: string) => void;
  problems: FieldProblem[];
}) {
  const t = useT(adminMessages);
  const roleName = useRoleName();
  const orgs = useOrganisations();
  const roleError = problems.find((p) => p.target === `${idPrefix}-role`)?.message;
  const orgError = problems.find((p) => p.target === `${idPrefix}-organisation`)?.message;
  return (
    <>
      <Field>
        <Label htmlFor={`${idPrefix}-role`}>{t("role")}</Label>
        <Select
          id={`${idPrefix}-role`}
          value={role}
          aria-invalid={roleError ? true : undefined}
          aria-describedby={roleError ? `${idPrefix}-role-error` : undefined}
          onChange={(e) => onChange(e.target.value as Role | "", e.target.value === "admin" ? "" : organisation)}
        >
          <option value="">{t("chooseRole")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </Select>
        {roleError && <ValidationMessage id={`${idPrefix}-role-error`}>{roleError}</ValidationMessage>}
      </Field>
      <Field>
        <Label htmlFor={`${idPrefix}-organisation`}>{t("organisation")}</Label>
        <Select
          id={`${idPrefix}-organisation`}
          value={role === "admin" ? "" : organisation}
          disabled={role === "admin"}
          aria-invalid={orgError ? true : undefined}
          aria-describedby={orgError ? `${idPrefix}-organisation-error` : undefined}
          onChange={(e) => onChange(role, e.target.value)}
        >
          <option value="">{role === "admin" ? t("adminEverywhere") : t("chooseOrganisation")}</option>
          {groups(orgs.data ?? []).map((g) => (
            <optgroup key={g.root.id} label={g.root.name}>
              {g.members.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
        {orgError && <ValidationMessage id={`${idPrefix}-organisation-error`}>{orgError}</ValidationMessage>}
      </Field>
    </>
  );
}

/** The form's own checks of a role and organisation, as the server makes them. */
export function checkRoleAndOrganisation(
  t: (k: "role" | "organisation" | "roleRequired" | "organisationRequired") => string,
  idPrefix: string,
  role: Role | "",
  organisation: string,
): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (!role) found.push({ target: `${idPrefix}-role`, label: t("role"), message: t("roleRequired") });
  else if (role !== "admin" && !organisation) found.push({ target: `${idPrefix}-organisation`, label: t("organisation"), message: t("organisationRequired") });
  return found;
}

/**
 * The server's faults in the fields they name (`body.name` → the form's `name` field), the rest
 * with the server's own (English) words under `fallback`.
 */
export function serverProblems(err: ApiError, fields: Record<string, { target: string; label: string }>, fallback: { target: string; label: string }): FieldProblem[] {
  const details = err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message }];
  return details.map((d) => {
    const key = d.path.replace(/^body\./, "").split(".")[0] ?? "";
    const at = fields[key] ?? fallback;
    return { ...at, message: d.message, lang: "en" };
  });
}
