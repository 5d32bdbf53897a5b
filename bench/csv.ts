/**
 * Import files as Norwegian users have them: written by Excel as "CSV UTF-8" — BOM, `;` between
 * cells, CRLF line ends, decimal comma, Norwegian headers, organisations by name.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchConfig } from "./config.js";
import type { Period } from "../server/src/domain/period.js";
import { DIMENSION_KEY, monthAt, sample, type Sample } from "./data.js";
import type { BenchKeyResult, Installation } from "./setup.js";

export const CSV_HEADER = ["nøkkelresultat", "organisasjon", "periode", "verdi", "teller", "nevner", DIMENSION_KEY];

export interface CsvFile {
  name: string;
  path: string;
  bytes: Buffer;
  rows: number;
  firstPeriod: string;
  lastPeriod: string;
}

const decimal = (n: number | null) => (n === null ? "" : String(n).replace(".", ","));

export interface RowsSpec {
  /** Month index to start at: 0 is the first background month, `cfg.months` the first after the background. */
  firstMonth: number;
  rows: number;
  /** The first `values` breakdown values of each key result × organisation × month. */
  values: number;
  /** Varies the values (a correction reports other numbers than the background). */
  salt: number;
}

/** Calls `row` for `spec.rows` measurements: month by month, key result by key result, organisation by organisation. */
function eachRow(
  inst: Installation,
  cfg: BenchConfig,
  spec: RowsSpec,
  row: (kr: BenchKeyResult, o: Installation["organisations"][number], p: Period, v: number, s: Sample) => void,
): { rows: number; first: string; last: string } {
  let n = 0;
  let first = "";
  let last = "";
  for (let m = spec.firstMonth; n < spec.rows; m++) {
    const p = monthAt(cfg, m);
    first ||= p.id;
    last = p.id;
    for (const kr of inst.keyResults) {
      for (const o of inst.organisations) {
        for (let v = 0; v < spec.values && n < spec.rows; v++, n++) row(kr, o, p, v, sample(kr.aggregation, kr.index, o.index, m, v, spec.salt));
        if (n >= spec.rows) break;
      }
      if (n >= spec.rows) break;
    }
  }
  return { rows: n, first, last };
}

/** The import file, written to `dir/name`. */
export function writeImportCsv(inst: Installation, cfg: BenchConfig, dir: string, name: string, spec: RowsSpec): CsvFile {
  const lines = [CSV_HEADER.join(";")];
  const { rows, first, last } = eachRow(inst, cfg, spec, (kr, o, p, v, s) => {
    lines.push(`${kr.code};${o.name};${p.id};${decimal(s.value)};${decimal(s.numerator)};${decimal(s.denominator)};${inst.dimensionValues[v]}`);
  });
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join("\r\n") + "\r\n", "utf8")]);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { name, path, bytes, rows, firstPeriod: first, lastPeriod: last };
}

/** The same rows as `measurements` COPY text (columns MEASUREMENT_COLUMNS), as the import would write them. */
export function measurementCopyText(inst: Installation, cfg: BenchConfig, spec: RowsSpec): string {
  const lines: string[] = [];
  const num = (n: number | null) => (n === null ? "\\N" : String(n));
  eachRow(inst, cfg, spec, (kr, o, p, v, s) => {
    const value = inst.dimensionValues[v]!;
    lines.push(
      `${kr.id}\t${kr.versionId}\t${o.id}\t${p.id}\t${p.start}\t${p.end}\t${p.grain}\t${JSON.stringify({ [DIMENSION_KEY]: value })}\t` +
        `${DIMENSION_KEY}=${value}\t${num(s.value)}\t${num(s.numerator)}\t${num(s.denominator)}\timport\tbench`,
    );
  });
  return lines.join("\n") + "\n";
}

/** Months a file of `rows` rows spans at `perMonth` rows a month. */
export const monthsFor = (rows: number, perMonth: number) => Math.ceil(rows / perMonth);
