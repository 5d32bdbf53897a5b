import type { TestApp } from "./app.js";

/** A FHIR run as the API shows it, as far as the tests read it. */
export interface Run {
  id: string;
  status: string;
  recorded: number | null;
  resultRows: number | null;
  inputs: { name: string; sha256: string; resources: number }[];
  definitions: { keyResult: string; version: number; hash: string }[];
  errors: { path: string; message: string }[];
}

/** The run once it has ended (succeeded or failed), read as the administrator; a minute at most. */
export async function finishedRun(t: TestApp, id: string): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = (await t.app.inject(`/api/v1/fhir-runs/${id}`)).json() as Run;
    if (run.status === "succeeded" || run.status === "failed") return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not finish`);
}
