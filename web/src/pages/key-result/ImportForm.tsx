import { Alert, Button, Field, Heading, Label, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, type ApiErrorBody, type KeyResult, type Organisation } from "../../api/client.js";
import { DataTable } from "../../components/DataTable.js";
import { formatNumber } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { faultCount } from "./faults.js";
import { krMessages } from "./messages.js";
import { importFile, refreshAfterWrite, type ImportPreview } from "./queries.js";

type Fault = ApiErrorBody["details"][number];
type Sample = ImportPreview["sample"][number];

/** Faults listed on the page; the rest are counted (the server lists up to 1000). */
const SHOWN_FAULTS = 100;

const FAULT_CODES = [
  "missing_value",
  "not_a_number",
  "out_of_range",
  "unexpected_value",
  "unknown_key_result",
  "ambiguous_key_result",
  "unknown_organisation",
  "ambiguous_organisation",
  "bad_period",
  "period_too_fine",
  "period_grain_mismatch",
  "missing_dimension",
  "unknown_dimension_value",
  "unexpected_column",
  "unknown_column",
  "duplicate_column",
  "missing_column",
  "wrong_cell_count",
  "date_cell",
  "bad_csv",
  "duplicate",
  "too_long",
] as const;
type FaultCode = (typeof FAULT_CODES)[number];

/**
 * Many figures at once: a CSV or XLSX file, checked first (a dry run that saves nothing and shows
 * what it would record, or every fault by row and column), then imported for real, all or nothing.
 */
export function ImportForm({ kr, strategyId, period, organisations }: { kr: KeyResult; strategyId: string; period: string; organisations: Organisation[] }) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState("");
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [faults, setFaults] = useState<{ message: string; details: Fault[]; total: number } | null>(null);
  const [done, setDone] = useState<ImportPreview | null>(null);
  const [failure, setFailure] = useState("");
  const outcome = useRef<HTMLHeadingElement>(null);
  const [focusOutcome, setFocusOutcome] = useState(0);
  const inFlight = useRef(false);

  // Move focus to the outcome once it is drawn, so keyboard and screen reader users land on it.
  useEffect(() => {
    if (focusOutcome > 0) outcome.current?.focus();
  }, [focusOutcome]);

  function reset() {
    setPreview(null);
    setFaults(null);
    setDone(null);
    setFailure("");
  }

  async function run(dryRun: boolean) {
    if (inFlight.current) return;
    if (!file) {
      setFileError(t("importChooseFile"));
      document.getElementById("kr-import-file")?.focus();
      return;
    }
    setFileError("");
    reset();
    setBusy(dryRun ? "check" : "import");
    inFlight.current = true;
    try {
      const r = await importFile(strategyId, file, dryRun);
      if (dryRun) setPreview(r);
      else {
        setDone(r);
        await refreshAfterWrite(queryClient);
      }
    } catch (err) {
      if (err instanceof ApiError && err.body.details.length > 0) {
        setFaults({ message: err.message, details: err.body.details, total: faultCount(err.message, err.body.details.length) });
      } else setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      inFlight.current = false;
      setBusy(null);
      setFocusOutcome((n) => n + 1);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void run(true);
  }

  const faultText = (f: Fault) =>
    f.code && (FAULT_CODES as readonly string[]).includes(f.code) ? t(`fault_${f.code as FaultCode}`, { column: f.column ?? "" }) : undefined;
  const template = `/api/v1/key-results/${encodeURIComponent(kr.id)}/template.csv?periods=${encodeURIComponent(period)}`;
  const numbersOf = (s: Sample) =>
    s.value !== null ? formatNumber(s.value, 4) : `${formatNumber(s.numerator, 4)} / ${formatNumber(s.denominator, 4)}`;

  return (
    <section aria-labelledby="import-heading" className="kr-section kr-import" id="import">
      <Heading level={2} data-size="md" id="import-heading">
        {t("importTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("importIntro")}</Paragraph>
      <Paragraph data-size="sm">
        <Link href={template} download={`mal-${kr.code}.csv`}>
          {t("importTemplate", { code: kr.code, period: periodLabel(period, lang) })}
        </Link>
      </Paragraph>
      <form onSubmit={onSubmit} noValidate className="kr-import-form">
        <Field>
          <Label htmlFor="kr-import-file">{t("importFileLabel")}</Label>
          <Field.Description>{t("importFileHint")}</Field.Description>
          <input
            id="kr-import-file"
            type="file"
            className="ds-input kr-file-input"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError("");
              reset();
            }}
          />
          {fileError && <p className="kr-file-error" role="alert">{fileError}</p>}
        </Field>
        <div className="kr-entry-actions">
          <Button type="submit" variant="secondary" loading={busy === "check"} aria-disabled={busy !== null || undefined}>
            {busy === "check" ? t("importChecking") : t("importCheck")}
          </Button>
        </div>
      </form>

      <div className="kr-import-outcome">
        {faults && (
          <Alert data-color="danger" role="alert">
            <Heading level={3} data-size="xs" ref={outcome} tabIndex={-1}>
              {t("importFaults", { count: faults.total })}
            </Heading>
            <Paragraph data-size="sm">{t("importNothingSaved")}</Paragraph>
            {faults.details.length > SHOWN_FAULTS || faults.total > faults.details.length ? (
              <Paragraph data-size="sm">{t("importFaultsShown", { shown: Math.min(SHOWN_FAULTS, faults.details.length), total: faults.total })}</Paragraph>
            ) : null}
            <DataTable<Fault & { i: number }>
              caption={t("importFaultsCaption")}
              rows={faults.details.slice(0, SHOWN_FAULTS).map((f, i) => ({ ...f, i }))}
              rowKey={(f) => String(f.i)}
              columns={[
                { key: "row", header: t("importRow"), cell: (f) => (f.row !== undefined ? formatNumber(f.row, 0) : "–"), rowHeader: true },
                { key: "column", header: t("importColumn"), cell: (f) => f.column ?? "–" },
                {
                  key: "message",
                  header: t("importMessage"),
                  cell: (f) => {
                    const own = faultText(f);
                    return (
                      <>
                        {own && <span className="kr-fault-text">{own}</span>}
                        <span lang="en" className={own ? "kr-fault-detail" : undefined}>
                          {f.message}
                        </span>
                      </>
                    );
                  },
                },
              ]}
            />
          </Alert>
        )}
        {failure && (
          <Alert data-color="danger" role="alert">
            <Heading level={3} data-size="xs" ref={outcome} tabIndex={-1}>
              {t("importFailed")}
            </Heading>
            <Paragraph data-size="sm" lang="en">
              {failure}
            </Paragraph>
          </Alert>
        )}
        <div role="status">
          {preview && (
            <Alert data-color="info">
              <Heading level={3} data-size="xs" ref={outcome} tabIndex={-1}>
                {t("importPreviewTitle", { rows: preview.rows })}
              </Heading>
              <Paragraph data-size="sm">
                {t("importPreviewText", { rows: preview.rows, corrections: preview.corrections, format: preview.format.toUpperCase() })}
              </Paragraph>
            </Alert>
          )}
          {done && (
            <Alert data-color="success">
              <Heading level={3} data-size="xs" ref={outcome} tabIndex={-1}>
                {t("importDone", { rows: done.rows, corrections: done.corrections })}
              </Heading>
            </Alert>
          )}
        </div>
        {preview && (
          <div className="stack">
            {preview.byKeyResult.length > 0 && (
              <DataTable
                caption={t("importByKeyResult")}
                rows={preview.byKeyResult}
                rowKey={(r) => r.code}
                columns={[
                  { key: "code", header: tc("keyResult"), cell: (r) => r.code, rowHeader: true },
                  { key: "rows", header: t("importRows"), cell: (r) => formatNumber(r.rows, 0), numeric: true },
                ]}
              />
            )}
            {preview.sample.length > 0 && (
              <DataTable<Sample>
                caption={t("importSample", { shown: preview.sample.length, rows: preview.rows })}
                rows={preview.sample}
                rowKey={(s) => String(s.row)}
                columns={[
                  { key: "row", header: t("importRow"), cell: (s) => formatNumber(s.row, 0), rowHeader: true },
                  { key: "kr", header: tc("keyResult"), cell: (s) => s.keyResult },
                  { key: "org", header: tc("organisation"), cell: (s) => organisations.find((o) => o.id === s.organisation)?.shortName ?? s.organisation },
                  { key: "period", header: tc("period"), cell: (s) => periodLabel(s.period, lang) },
                  { key: "breakdown", header: t("importBreakdown"), cell: (s) => Object.values(s.breakdown).join(", ") || "–" },
                  { key: "numbers", header: t("importNumbers"), cell: numbersOf, numeric: true },
                ]}
              />
            )}
            <div className="kr-entry-actions">
              <Button type="button" onClick={() => void run(false)} loading={busy === "import"} aria-disabled={busy !== null || undefined}>
                {busy === "import" ? t("importImporting") : t("importConfirm", { rows: preview.rows })}
              </Button>
              <Button type="button" variant="tertiary" onClick={reset}>
                {t("importCancel")}
              </Button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
