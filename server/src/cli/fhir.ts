/** The FHIR commands of the command line: synthetic data, one view over an export, and computations. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Db } from "../data/db.js";
import { createRun } from "../data/fhir-runs.js";
import { Invalid } from "../domain/errors.js";
import { runViewOnExport } from "../fhir/evaluate.js";
import { executeRun } from "../services/fhir-runs.js";
import { UsageError } from "./args.js";
import { synth } from "./synth.js";

const count = (name: string, text: string, min: number, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
};

/** `veivalg synth --patients N --seed S --out DIR [--gzip]` */
export async function synthCommand(values: { patients: string; seed?: string | undefined; out: string; gzip?: boolean | undefined }): Promise<number> {
  const result = await synth({ patients: count("patients", values.patients, 1, 50_000_000), seed: values.seed === undefined ? 1 : count("seed", values.seed, 0, 2 ** 31), out: values.out, gzip: values.gzip ?? false });
  for (const f of result.files) console.log(`${f.count.toString().padStart(10)}  ${f.resourceType}  ${f.path}`);
  return 0;
}

/** `veivalg view run VIEW.json --data DIR`: the view's rows as a JSON array. */
export async function viewRunCommand(file: string, data: string): Promise<number> {
  let view: unknown;
  try {
    view = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Invalid(`${file} is not a JSON file: ${(err as Error).message}`, [{ path: file, message: "not JSON" }]);
  }
  const rows = await runViewOnExport(view, data);
  console.log(JSON.stringify(rows, null, 2));
  return 0;
}

/** `veivalg compute --strategy ID --data PATH`: a run in this process, its progress on standard error; exit 1 when it fails. */
export async function computeCommand(db: Db, strategy: string, data: string): Promise<number> {
  const run = await createRun(db, strategy, resolve(data), "cli");
  let last = "";
  const done = await executeRun(db, run.id, {
    onProgress: (step, n, total) => {
      const line = `${step} ${n}/${total}`;
      if (line !== last) console.error(line);
      last = line;
    },
  });
  console.log(JSON.stringify(done, null, 2));
  return done.status === "succeeded" ? 0 : 1;
}
