import { Button, Card, Field, Heading, Label, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, ok } from "../../api/client.js";
import { useOrganisations } from "../../api/queries.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatDate } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { today } from "../../periods.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { isDate } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useOrgName, useSaveOutcome } from "./shared.js";

/** A local solution taken into use by other trusts: who, and when. */
export function Adoptions({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const orgName = useOrgName();
  const [adding, setAdding] = useState(false);
  const list = ctx.initiative.adoptions;
  return (
    <PageSection
      id="adoptions"
      title={t("adoptionsTitle")}
      intro={t("adoptionsIntro")}
      action={
        ctx.mayManage && (
          <Button variant="secondary" data-size="sm" aria-expanded={adding} onClick={() => setAdding(!adding)}>
            {t("addAdoption")}
          </Button>
        )
      }
    >
      {adding && <AdoptionForm ctx={ctx} onDone={() => setAdding(false)} />}
      {list.length === 0 ? (
        <Empty>{t("noAdoptions")}</Empty>
      ) : (
        <DataTable
          caption={t("adoptionsCaption", { count: list.length })}
          rows={list}
          rowKey={(a) => a.organisationId}
          columns={[
            { key: "org", header: t("adoptingOrganisation"), rowHeader: true, cell: (a) => orgName(a.organisationId) },
            { key: "on", header: t("adoptedOn"), cell: (a) => <span className="nowrap">{formatDate(a.adoptedOn)}</span> },
            { key: "note", header: t("note"), cell: (a) => a.note || <span className="muted">–</span> },
          ]}
        />
      )}
    </PageSection>
  );
}

function AdoptionForm({ ctx, onDone }: { ctx: InitiativeContext; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const orgs = useOrganisations();
  const [v, setV] = useState({ organisation: "", adoptedOn: today(), note: "" });
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const taken = new Set([ctx.initiative.organisationId, ...ctx.initiative.adoptions.map((a) => a.organisationId)]);
  // The trusts of the region (and their units) that have not taken it into use yet.
  const eligible = (orgs.data ?? []).filter((o) => o.id !== ctx.owner && !taken.has(o.id) && (o.parent === ctx.owner || (orgs.data ?? []).some((p) => p.id === o.parent && p.parent === ctx.owner)));
  const fields = {
    organisation: { target: "adopt-org", label: t("adoptingOrganisation") },
    adoptedOn: { target: "adopt-on", label: t("adoptedOn") },
    note: { target: "adopt-note", label: t("note") },
  };
  const save = useMutation({
    mutationFn: () =>
      ok(client.POST("/api/v1/initiatives/{id}/adoptions", { params: { path: { id: ctx.initiative.id } }, body: { organisation: v.organisation, adoptedOn: v.adoptedOn, note: v.note.trim() } })),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: false, fieldProblems: (e) => serverProblems(e, fields, fields.organisation) })),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    if (!v.organisation) found.push({ ...fields.organisation, message: t("organisationRequired") });
    if (!isDate(v.adoptedOn)) found.push({ ...fields.adoptedOn, message: t("dateInvalid") });
    if (show(found)) save.mutate();
  }
  const orgError = problemAt(problems, "adopt-org");
  return (
    <Card data-color="neutral">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="adopt-form-title">
        <Heading level={3} data-size="xs" id="adopt-form-title">
          {t("addAdoption")}
        </Heading>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <div className="ini-form-grid">
          <Field>
            <Label htmlFor="adopt-org">{t("adoptingOrganisation")}</Label>
            <Select
              id="adopt-org"
              value={v.organisation}
              onChange={(e) => setV({ ...v, organisation: e.target.value })}
              aria-invalid={orgError ? true : undefined}
              aria-describedby={orgError ? "adopt-org-error" : undefined}
            >
              <option value="">{t("chooseOrganisation")}</option>
              {eligible.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            {orgError && <ValidationMessage id="adopt-org-error">{orgError}</ValidationMessage>}
          </Field>
          <Textfield id="adopt-on" type="date" label={t("adoptedOn")} value={v.adoptedOn} onChange={(e) => setV({ ...v, adoptedOn: e.target.value })} error={problemAt(problems, "adopt-on")} />
        </div>
        <Textfield id="adopt-note" label={t("note")} value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} />
        <SaveMessage outcome={outcome} onReload={() => void ctx.reload().then(() => setOutcome(null))} />
        <FormActions pending={save.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}
