import { Button, Card, Details, ErrorSummary, Fieldset, Heading, Paragraph, Radio, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ComponentRef, type FormEvent } from "react";
import { ApiError, client, ok, type Assessment } from "../api/client.js";
import { useStrategies } from "../api/queries.js";
import { formatDateTime } from "../format.js";
import { useLang, useT } from "../i18n/i18n.js";
import { periodLabel } from "../periods.js";
import { useCan } from "../session.js";
import { assessmentMessages } from "./assessments-messages.js";
import { Loading } from "./States.js";
import { STATUS_LOOK, StatusTag, useStatusLabel } from "./StatusTag.js";

type Confidence = Assessment["confidence"];
const CONFIDENCES: Confidence[] = ["on_track", "at_risk", "off_track"];
const TEXT_FIELDS = ["done", "learned", "next"] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type FieldName = "confidence" | TextField;
const MAX_TEXT = 5000;

type HeadingLevel = 2 | 3;

export interface AssessmentsProps {
  strategyId: string;
  period: string;
  keyResultId?: string;
  sectionKey?: string;
  /** The strategy's language: assessments are written in it, like the rest of its content. */
  language: string;
  headingLevel?: HeadingLevel;
}

/** Every assessment of one key result or focus area, all periods, with the versions that were replaced. */
function useAssessmentHistory(strategyId: string, keyResultId: string | undefined, sectionKey: string | undefined) {
  return useQuery({
    queryKey: ["assessments", strategyId, keyResultId ?? null, sectionKey ?? null, "history"],
    queryFn: () =>
      ok(
        client.GET("/api/v1/assessments", {
          params: {
            query: {
              strategy: strategyId,
              history: "true",
              ...(keyResultId ? { keyResult: keyResultId } : {}),
              ...(sectionKey ? { section: sectionKey } : {}),
            },
          },
        }),
      ),
    // Only the owner's assessment (the whole region), not those written for single health trusts.
    select: (rows) => rows.filter((a) => a.organisationId === null && (keyResultId ? a.keyResultId === keyResultId : a.sectionKey === sectionKey)),
  });
}

/** Newest period first; within a period the newest version first. */
function byRecency(a: Assessment, b: Assessment): number {
  if (a.period !== b.period) return a.period < b.period ? 1 : -1;
  return a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : b.id - a.id;
}

/**
 * The owner's assessment of a key result or focus area for a period: confidence, what was done,
 * learned and comes next; the earlier ones; and a form to write a new one.
 */
export function Assessments({ strategyId, period, keyResultId, sectionKey, language, headingLevel = 2 }: AssessmentsProps) {
  const t = useT(assessmentMessages);
  const { lang } = useLang();
  const uid = "assess" + useId().replace(/[^a-zA-Z0-9]/g, "");
  const query = useAssessmentHistory(strategyId, keyResultId, sectionKey);
  const [savedMessage, setSavedMessage] = useState("");
  const [formRound, setFormRound] = useState(0);
  const sub = (headingLevel + 1) as 3 | 4;
  const periodText = periodLabel(period, lang);
  // "Saved" speaks of the period it was written for; another period starts without it.
  useEffect(() => setSavedMessage(""), [period]);

  const all = (query.data ?? []).slice().sort(byRecency);
  const current = all.find((a) => a.period === period && a.supersededAt === null);
  const history = all.filter((a) => a !== current);
  // The owner's assessment (for the whole region) is written by those who may write it.
  const owner = useStrategies().data?.find((s) => s.id === strategyId)?.owner;
  const { can } = useCan();
  const mayWrite = owner !== undefined && can({ do: "assessment.write", organisation: owner, about: null });

  return (
    <section aria-labelledby={`${uid}-title`} className="stack assessments">
      <Heading level={headingLevel} data-size="md" id={`${uid}-title`}>
        {t("title")}
      </Heading>
      <Paragraph className="muted">{t("intro")}</Paragraph>

      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 28rem), 1fr))", gap: "var(--ds-size-6)", alignItems: "start" }}>
        <div className="stack">
          {query.isPending ? (
            <Loading />
          ) : query.isError ? (
            <ValidationMessage role="alert">{t("loadError", { message: query.error.message })}</ValidationMessage>
          ) : (
            <>
              <Heading level={sub} data-size="sm">
                {t("currentFor", { period: periodText })}
              </Heading>
              {current ? (
                <Card data-color="neutral">
                  <AssessmentBody a={current} language={language} />
                </Card>
              ) : (
                <Paragraph>{t("none", { period: periodText })}</Paragraph>
              )}

              <Heading level={sub} data-size="sm">
                {t("history")}
              </Heading>
              {history.length === 0 ? (
                <Paragraph className="muted">{t("noHistory")}</Paragraph>
              ) : (
                <>
                  <Paragraph data-size="sm" className="muted">
                    {t("historyCount", { count: history.length })}
                  </Paragraph>
                  <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "var(--ds-size-2)" }}>
                    {history.map((a) => (
                      <li key={a.id}>
                        <HistoryItem a={a} language={language} />
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
        </div>

        {query.isSuccess && mayWrite && (
          <Card data-color="neutral" variant="tinted">
            <AssessmentForm
              key={`${period}:${formRound}`}
              uid={uid}
              headingLevel={sub}
              strategyId={strategyId}
              period={period}
              keyResultId={keyResultId}
              sectionKey={sectionKey}
              language={language}
              current={current}
              onSaving={() => setSavedMessage("")}
              onSaved={() => {
                setSavedMessage(t("saved", { period: periodText }));
                setFormRound((n) => n + 1);
              }}
            />
            <div role="status" aria-live="polite">
              {savedMessage && (
                <Paragraph style={{ color: "var(--ds-color-success-text-default)", fontWeight: 600, marginTop: "var(--ds-size-4)" }}>
                  <span aria-hidden="true">✓ </span>
                  {savedMessage}
                </Paragraph>
              )}
            </div>
          </Card>
        )}
      </div>
    </section>
  );
}

/** Confidence, the three texts, and who wrote it when. */
function AssessmentBody({ a, language }: { a: Assessment; language: string }) {
  const t = useT(assessmentMessages);
  return (
    <div className="stack">
      <div style={{ display: "flex", flexWrap: "wrap", gap: "var(--ds-size-2) var(--ds-size-4)", alignItems: "center" }}>
        <span>
          <span className="visually-hidden">{t("confidence")}: </span>
          <StatusTag status={a.confidence} size="md" />
        </span>
        <Paragraph data-size="sm" className="muted" style={{ margin: 0 }}>
          {a.recordedBy === null ? t("recordedAt", { when: formatDateTime(a.recordedAt) }) : t("recorded", { who: a.recordedBy, when: formatDateTime(a.recordedAt) })}
          {a.supersededAt && <> · {t("superseded", { when: formatDateTime(a.supersededAt) })}</>}
        </Paragraph>
      </div>
      <dl style={{ margin: 0, display: "grid", gap: "var(--ds-size-3)" }}>
        {TEXT_FIELDS.map((f) => (
          <div key={f}>
            <dt style={{ fontWeight: 600 }}>{t(f)}</dt>
            <dd style={{ margin: 0, whiteSpace: "pre-line", overflowWrap: "anywhere" }} lang={a[f] ? language : undefined}>
              {a[f] || <span className="muted">{t("empty")}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function HistoryItem({ a, language }: { a: Assessment; language: string }) {
  const t = useT(assessmentMessages);
  const { lang } = useLang();
  const statusLabel = useStatusLabel();
  return (
    <Details>
      <Details.Summary>
        <span aria-hidden="true" style={{ fontWeight: 700 }}>
          {STATUS_LOOK[a.confidence].symbol}{" "}
        </span>
        {t("historyItem", { period: periodLabel(a.period, lang), status: statusLabel(a.confidence), when: formatDateTime(a.recordedAt) })}
        {a.supersededAt && <> ({t("superseded", { when: formatDateTime(a.supersededAt) })})</>}
      </Details.Summary>
      <Details.Content>
        <AssessmentBody a={a} language={language} />
      </Details.Content>
    </Details>
  );
}

type Errors = Partial<Record<FieldName, string>>;

function AssessmentForm({
  uid,
  headingLevel,
  strategyId,
  period,
  keyResultId,
  sectionKey,
  language,
  current,
  onSaving,
  onSaved,
}: {
  uid: string;
  headingLevel: 3 | 4;
  strategyId: string;
  period: string;
  keyResultId: string | undefined;
  sectionKey: string | undefined;
  language: string;
  current: Assessment | undefined;
  onSaving: () => void;
  onSaved: () => void;
}) {
  const t = useT(assessmentMessages);
  const { lang } = useLang();
  const statusLabel = useStatusLabel();
  const queryClient = useQueryClient();
  const [confidence, setConfidence] = useState<Confidence | "">(current?.confidence ?? "");
  const [texts, setTexts] = useState<Record<TextField, string>>({
    done: current?.done ?? "",
    learned: current?.learned ?? "",
    next: current?.next ?? "",
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState("");
  const summaryRef = useRef<ComponentRef<typeof ErrorSummary>>(null);
  const id = (f: FieldName) => `${uid}-${f}`;
  const periodText = periodLabel(period, lang);

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/assessments", {
          body: {
            strategy: strategyId,
            ...(keyResultId ? { keyResult: keyResultId } : {}),
            ...(sectionKey ? { section: sectionKey } : {}),
            period,
            confidence: confidence as Confidence,
            done: texts.done.trim(),
            learned: texts.learned.trim(),
            next: texts.next.trim(),
            replaces: current?.id ?? null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["assessments", strategyId] });
      onSaved();
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setErrors({});
        setFormError(t("errStale"));
        await queryClient.invalidateQueries({ queryKey: ["assessments", strategyId] });
      } else if (err instanceof ApiError && err.body.details.length > 0) {
        const fieldErrors: Errors = {};
        const other: string[] = [];
        for (const d of err.body.details) {
          const f = d.path.split(".")[0] as FieldName;
          if (f === "confidence" || (TEXT_FIELDS as readonly string[]).includes(f)) fieldErrors[f] = d.message;
          else other.push(d.message);
        }
        setErrors(fieldErrors);
        setFormError(other.length > 0 || Object.keys(fieldErrors).length === 0 ? t("errServer", { message: [err.message, ...other].join(" ") }) : "");
      } else {
        setErrors({});
        setFormError(t("errServer", { message: err instanceof Error ? err.message : String(err) }));
      }
      requestAnimationFrame(() => summaryRef.current?.focus());
    },
  });

  function validate(): Errors {
    const e: Errors = {};
    if (!confidence) e.confidence = t("errConfidence");
    if (!texts.done.trim()) e.done = t("errDone");
    for (const f of TEXT_FIELDS) if (texts[f].length > MAX_TEXT) e[f] = t("errTooLong", { max: MAX_TEXT });
    return e;
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (save.isPending) return;
    const e = validate();
    setErrors(e);
    setFormError("");
    if (Object.keys(e).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    onSaving();
    save.mutate();
  }

  const order: FieldName[] = ["confidence", ...TEXT_FIELDS];
  const listed = order.filter((f) => errors[f]);
  const focusField = (f: FieldName) => {
    const el = document.getElementById(f === "confidence" ? `${id("confidence")}-${confidence || CONFIDENCES[0]}` : id(f));
    el?.focus();
    el?.scrollIntoView({ block: "center" });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${uid}-form-title`} className="stack">
      <Heading level={headingLevel} data-size="sm" id={`${uid}-form-title`}>
        {current ? t("formTitleUpdate", { period: periodText }) : t("formTitleNew", { period: periodText })}
      </Heading>
      {current && <Paragraph data-size="sm" className="muted">{t("formHelp")}</Paragraph>}

      {(listed.length > 0 || formError) && (
        <ErrorSummary ref={summaryRef} tabIndex={-1} aria-labelledby={`${uid}-errors`}>
          <ErrorSummary.Heading level={(headingLevel + 1) as 4 | 5} id={`${uid}-errors`}>
            {t("errorHeading")}
          </ErrorSummary.Heading>
          <ErrorSummary.List>
            {formError && <ErrorSummary.Item>{formError}</ErrorSummary.Item>}
            {listed.map((f) => (
              <ErrorSummary.Item key={f}>
                <ErrorSummary.Link
                  href={`#${f === "confidence" ? `${id("confidence")}-${confidence || CONFIDENCES[0]}` : id(f)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    focusField(f);
                  }}
                >
                  {errors[f]}
                </ErrorSummary.Link>
              </ErrorSummary.Item>
            ))}
          </ErrorSummary.List>
        </ErrorSummary>
      )}

      <Fieldset aria-describedby={errors.confidence ? `${id("confidence")}-error` : undefined}>
        <Fieldset.Legend>{t("confidenceLegend")}</Fieldset.Legend>
        <Fieldset.Description>{t("confidenceHelp")}</Fieldset.Description>
        {CONFIDENCES.map((c) => (
          <Radio
            key={c}
            id={`${id("confidence")}-${c}`}
            name={id("confidence")}
            value={c}
            checked={confidence === c}
            onChange={() => setConfidence(c)}
            aria-invalid={errors.confidence ? true : undefined}
            label={
              <>
                <span aria-hidden="true" style={{ fontWeight: 700, display: "inline-block", width: "1.25em" }}>
                  {STATUS_LOOK[c].symbol}
                </span>
                {statusLabel(c)}
              </>
            }
          />
        ))}
        {errors.confidence && <ValidationMessage id={`${id("confidence")}-error`}>{errors.confidence}</ValidationMessage>}
      </Fieldset>

      {TEXT_FIELDS.map((f) => (
        <Textfield
          key={f}
          id={id(f)}
          multiline
          rows={4}
          label={t(f)}
          description={t(`${f}Help`)}
          error={errors[f]}
          value={texts[f]}
          lang={language}
          onChange={(e) => setTexts((prev) => ({ ...prev, [f]: e.target.value }))}
          style={{ maxWidth: "48rem" }}
        />
      ))}

      <div>
        <Button type="submit" data-color="accent" aria-disabled={save.isPending || undefined}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}
