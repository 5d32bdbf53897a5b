/**
 * Import files as Norwegian users have them: written by Excel as "CSV UTF-8" — BOM, `;` between
 * cells, CRLF line ends, decimal comma, Norwegian headers, organisations by name.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchConfig } from "./config.js";
import { DIMENSION_KEY, monthAt, sample } from "./data.js";
import type { Installation } from "./setup.js";

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

/**
 * `rows` measurements from month index `firstMonth` on (0 = the first background month, `cfg.months`
 * the first after the background), month by
 * month, key result by key result, organisation by organisation, over the first `values` breakdown values.
 */
export function writeImportCsv(
  inst: Installation,
  cfg: BenchConfig,
  dir: string,
  name: string,
  opts: { firstMonth: number; rows: number; values: number; salt: number },
): CsvFile {
  const lines = [CSV_HEADER.join(";")];
  let n = 0;
  let first = "";
  let last = "";
  for (let m = opts.firstMonth; n < opts.rows; m++) {
    const p = monthAt(cfg, m);
    first ||= p.id;
    last = p.id;
    for (const kr of inst.keyResults) {
      for (const o of inst.organisations) {
        for (let v = 0; v < opts.values && n < opts.rows; v++, n++) {
          const s = sample(kr.aggregation, kr.index, o.index, m, v, opts.salt);
          lines.push(
            `${kr.code};${o.name};${p.id};${decimal(s.value)};${decimal(s.numerator)};${decimal(s.denominator)};${inst.dimensionValues[v]}`,
          );
        }
        if (n >= opts.rows) break;
      }
      if (n >= opts.rows) break;
    }
  }
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join("\r\n") + "\r\n", "utf8")]);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { name, path, bytes, rows: n, firstPeriod: first, lastPeriod: last };
}

/** Months a file of `rows` rows spans at `perMonth` rows a month. */
export const monthsFor = (rows: number, perMonth: number) => Math.ceil(rows / perMonth);
