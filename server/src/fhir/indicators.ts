/**
 * Indicator definitions: files in server/indicators/ that bind a key result to a computation over a
 * FHIR export (docs/indicators/README.md). `<strategy>/<code>/indicator.json` names the views
 * (shared ViewDefinitions in `views/<name>.view.json`) and the query; the loader checks them and
 * fingerprints each definition, so a run records exactly which definition made a figure.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Invalid } from "../domain/errors.js";
import type { IndicatorSource } from "./evaluate.js";

export const INDICATORS_ROOT = fileURLToPath(new URL("../../indicators/", import.meta.url));

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const indicatorSchema = z.strictObject({
  keyResult: z.string().min(1),
  version: z.number().int().min(1),
  views: z.array(z.string().regex(NAME, "a view name: a letter, then letters, digits or _")).min(1),
  query: z.string().regex(/^[\w.-]+\.sql$/, "a .sql file in the indicator's folder"),
  countsAre: z.enum(["persons", "events", "types"]),
  description: z.string().min(1),
});

/** What the loader needs of a view; the compiler checks the rest against SQL on FHIR. */
const viewSchema = z.looseObject({
  resourceType: z.literal("ViewDefinition"),
  name: z.string().regex(NAME, "a letter, then letters, digits or _"),
  resource: z.string().min(1),
  select: z.array(z.unknown()).min(1),
});

export interface IndicatorDefinition extends IndicatorSource {
  keyResult: string;
  version: number;
  countsAre: "persons" | "events" | "types";
  description: string;
  views: { name: string; definition: unknown }[];
  query: string;
  /** SHA-256 over indicator.json, its views and its query: changes whenever the computation does. */
  fingerprint: string;
  /** The definition's folder, relative to the indicators root. */
  path: string;
}

export async function loadIndicatorDefinitions(strategyId: string, root: string = INDICATORS_ROOT): Promise<IndicatorDefinition[]> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(strategyId)) {
    throw new Invalid(`"${strategyId}" is not a strategy id`, [{ path: "strategy", message: "letters, digits, - and _" }]);
  }
  const folder = join(root, strategyId);
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const codes = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const views = new Map<string, Promise<{ text: string; definition: unknown }>>();
  const view = (name: string) => {
    let v = views.get(name);
    if (!v) views.set(name, (v = readView(root, name)));
    return v;
  };
  return Promise.all(codes.map((code) => readDefinition(root, join(folder, code), code, view)));
}

async function readDefinition(
  root: string,
  folder: string,
  code: string,
  view: (name: string) => Promise<{ text: string; definition: unknown }>,
): Promise<IndicatorDefinition> {
  const file = join(folder, "indicator.json");
  const text = await readText(root, file);
  const parsed = indicatorSchema.safeParse(parseJson(root, file, text));
  if (!parsed.success) throw invalidFile(root, file, parsed.error);
  const indicator = parsed.data;
  if (indicator.keyResult !== code) {
    throw new Invalid(`${relative(root, file)}: keyResult "${indicator.keyResult}" does not match its folder ${code}`, [
      { path: `${relative(root, file)}#keyResult`, message: `expected "${code}"` },
    ]);
  }
  const viewFiles = await Promise.all(indicator.views.map(view));
  const query = await readText(root, join(folder, indicator.query));
  if (query.trim() === "") {
    throw new Invalid(`${relative(root, join(folder, indicator.query))} is empty`, [{ path: relative(root, join(folder, indicator.query)), message: "empty" }]);
  }
  const hash = createHash("sha256").update(text);
  for (const [i, v] of viewFiles.entries()) hash.update(`\0view ${indicator.views[i]}\0`).update(v.text);
  hash.update("\0query\0").update(query);
  return {
    ...indicator,
    views: viewFiles.map((v, i) => ({ name: indicator.views[i]!, definition: v.definition })),
    query,
    fingerprint: hash.digest("hex"),
    path: relative(root, folder),
  };
}

async function readView(root: string, name: string): Promise<{ text: string; definition: unknown }> {
  const file = join(root, "views", `${name}.view.json`);
  const text = await readText(root, file);
  const definition = parseJson(root, file, text);
  const parsed = viewSchema.safeParse(definition);
  if (!parsed.success) throw invalidFile(root, file, parsed.error);
  if (parsed.data.name !== name) {
    throw new Invalid(`${relative(root, file)}: name "${parsed.data.name}" does not match the file name`, [
      { path: `${relative(root, file)}#name`, message: `expected "${name}"` },
    ]);
  }
  return { text, definition };
}

async function readText(root: string, file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new Invalid(`${relative(root, file)} does not exist`, [{ path: relative(root, file), message: "no such file" }]);
  }
}

function parseJson(root: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Invalid(`${relative(root, file)} is not valid JSON: ${(error as Error).message}`, [
      { path: relative(root, file), message: (error as Error).message },
    ]);
  }
}

function invalidFile(root: string, file: string, error: z.ZodError): Invalid {
  const name = relative(root, file);
  const details = error.issues.map((i) => ({ path: `${name}#${i.path.join(".") || "(root)"}`, message: i.message }));
  return new Invalid(`${name}: ${details.map((d) => `${d.path.slice(name.length + 1)}: ${d.message}`).join("; ")}`, details);
}
