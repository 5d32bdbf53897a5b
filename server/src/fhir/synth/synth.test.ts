import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../../cli/synth.js";
import { WINDOW_END, WINDOW_START } from "./calendar.js";
import { CODE, EXTENSION, PROFILE, SYSTEM } from "./codes.js";
import { RESOURCE_TYPES, type Resource } from "./generate.js";
import { TRUSTS } from "./region.js";

const PATIENTS = 600;
let dir: string;
const outputs: Record<string, string> = {};
let data: Map<string, Resource[]>;
let files: Awaited<ReturnType<typeof synth>>["files"];

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "veivalg-synth-"));
  for (const name of ["a", "b", "other-seed", "gzip"]) outputs[name] = join(dir, name);
  files = (await synth({ patients: PATIENTS, seed: 7, out: outputs.a! })).files;
  await synth({ patients: PATIENTS, seed: 7, out: outputs.b! });
  await synth({ patients: PATIENTS, seed: 8, out: outputs["other-seed"]! });
  await synth({ patients: PATIENTS, seed: 7, out: outputs.gzip!, gzip: true });
  data = new Map();
  for (const f of files) {
    const lines = (await readFile(f.path, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    data.set(f.resourceType, lines.map((l) => JSON.parse(l) as Resource));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const all = (type: string) => data.get(type) ?? [];

describe("veivalg synth", () => {
  it("writes one NDJSON file per resource type, named as $export names them", () => {
    expect(files.map((f) => f.resourceType).sort()).toEqual([...RESOURCE_TYPES].sort());
    for (const f of files) expect(f.path).toBe(join(outputs.a!, `${f.resourceType}.ndjson`));
  });

  it("gives the same bytes for the same patients and seed, and other data for another seed", async () => {
    for (const f of files) {
      const again = await readFile(join(outputs.b!, `${f.resourceType}.ndjson`));
      expect(sha(again), f.resourceType).toBe(sha(await readFile(f.path)));
    }
    const other = await readFile(join(outputs["other-seed"]!, "Encounter.ndjson"));
    expect(sha(other)).not.toBe(sha(await readFile(join(outputs.a!, "Encounter.ndjson"))));
  });

  it("gzips to the same content", async () => {
    for (const f of files) {
      const zipped = await readFile(join(outputs.gzip!, `${f.resourceType}.ndjson.gz`));
      expect(sha(gunzipSync(zipped)), f.resourceType).toBe(sha(await readFile(f.path)));
    }
  });

  it("counts what it writes: every line a resource of the file's type with an id of its own", () => {
    for (const f of files) {
      const resources = all(f.resourceType);
      expect(resources.length, f.resourceType).toBe(f.count);
      expect(resources.every((r) => r.resourceType === f.resourceType)).toBe(true);
      expect(new Set(resources.map((r) => r.id)).size, f.resourceType).toBe(resources.length);
    }
    expect(all("Patient")).toHaveLength(PATIENTS);
    expect(all("Organization")).toHaveLength(TRUSTS.length + 1);
    const perPatient = files.reduce((s, f) => s + f.count, 0) / PATIENTS;
    expect(perPatient).toBeGreaterThan(20);
    expect(perPatient).toBeLessThan(30);
  });

  it("refers only to resources in the data set", () => {
    const ids = new Set(files.flatMap((f) => all(f.resourceType).map((r) => `${r.resourceType}/${r.id}`)));
    const dangling: string[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          if (k === "reference" && typeof v === "string" && !ids.has(v)) dangling.push(v);
          else visit(v);
        }
      }
    };
    for (const f of files) all(f.resourceType).forEach(visit);
    expect(dangling).toEqual([]);
  });

  it("dates everything inside the fixed window, in daytime Oslo time", () => {
    const stamps = JSON.stringify([...data.values()]).match(/"\d{4}-\d{2}-\d{2}T[^"]+"/g) ?? [];
    expect(stamps.length).toBeGreaterThan(1000);
    for (const s of stamps) {
      expect(s).toMatch(/^"\d{4}-\d{2}-\d{2}T(0[6-9]|1\d):\d{2}:00\+0[12]:00"$/);
      expect(s.slice(1, 11) >= WINDOW_START && s.slice(1, 11) <= WINDOW_END, s).toBe(true);
    }
  });

  it("makes patients no-basis Patients with fødselsnummer-shaped identifiers that are no one's", () => {
    const mod11 = (digits: number[], weights: number[]) => weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11 === 0;
    for (const p of all("Patient")) {
      expect((p.meta as { profile: string[] }).profile).toEqual([PROFILE.patient]);
      const [id] = p.identifier as { system: string; value: string }[];
      expect(id!.system).toBe(SYSTEM.fodselsnummer);
      expect(id!.value).toMatch(/^\d{11}$/);
      const month = Number(id!.value.slice(2, 4));
      expect(month >= 81 && month <= 92).toBe(true);
      const digits = [...id!.value].map(Number);
      // A valid number passes both checks; ours must fail at least one.
      expect(mod11(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2, 1]) && mod11(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1])).toBe(false);
    }
  });

  it("names every trust of Helse Sør-Øst by its Veivalg id, and ties what counts for a trust to it", () => {
    const organisations = all("Organization");
    const veivalgIds = organisations.map((o) => (o.identifier as { system: string; value: string }[]).find((i) => i.system === SYSTEM.veivalgOrganisation)?.value);
    expect(veivalgIds.sort()).toEqual(["hso", ...TRUSTS.map((t) => t.id)].sort());
    for (const o of organisations) expect((o.meta as { profile: string[] }).profile).toEqual([PROFILE.organization]);

    const isOrganisation = (ref: unknown) => typeof (ref as { reference?: unknown })?.reference === "string" && (ref as { reference: string }).reference.startsWith("Organization/");
    for (const e of all("Encounter")) expect(isOrganisation(e.serviceProvider)).toBe(true);
    for (const e of all("EpisodeOfCare")) expect(isOrganisation(e.managingOrganization)).toBe(true);
    for (const c of all("CarePlan")) expect(isOrganisation(c.author)).toBe(true);
    for (const d of all("Device")) expect(isOrganisation(d.owner)).toBe(true);
    for (const f of all("Flag")) expect(isOrganisation(f.author)).toBe(true);
    for (const r of [...all("Observation"), ...all("DiagnosticReport")]) expect(isOrganisation((r.performer as unknown[])[0])).toBe(true);
    for (const a of all("Appointment")) {
      const ext = a.extension as { url: string; valueReference?: unknown; valueBoolean?: unknown }[];
      expect(isOrganisation(ext.find((x) => x.url === EXTENSION.serviceProvider)?.valueReference)).toBe(true);
      expect(typeof ext.find((x) => x.url === EXTENSION.helsenorgeVisible)?.valueBoolean).toBe("boolean");
      expect((a.meta as { profile: string[] }).profile).toEqual([PROFILE.appointment]);
    }
  });

  it("codes what the key results count", () => {
    const classes = new Set(all("Encounter").map((e) => `${(e.class as { system: string }).system}|${(e.class as { code: string }).code}`));
    expect([...classes].sort()).toEqual(["IMP", "AMB", "VR"].map((c) => `${SYSTEM.actCode}|${c}`).sort());
    const scheduling = new Set(all("Encounter").filter((e) => e.type).map((e) => JSON.stringify(e.type)));
    expect([...scheduling].sort()).toEqual([CODE.calendarDriven, CODE.userDriven].map((c) => JSON.stringify([{ coding: [c] }])).sort());
    expect(all("Encounter").every((e) => (e.class as { code: string }).code === "IMP" || e.type)).toBe(true);
    expect(all("CarePlan").every((c) => JSON.stringify(c.category) === JSON.stringify([{ coding: [CODE.dho] }]))).toBe(true);
    const tags = new Set([...all("Observation"), ...all("DiagnosticReport")].flatMap((r) => ((r.meta as { tag?: { code: string }[] })?.tag ?? []).map((t) => `${r.resourceType}|${t.code}`)));
    expect([...tags].sort()).toEqual(["DiagnosticReport|pasientens-provesvar", "Observation|pasientens-maledata"]);
    const alerts = new Set(all("Flag").map((f) => (f.code as { coding: { code: string }[] }).coding[0]!.code));
    expect([...alerts].sort()).toEqual(["ai", "rule"]);
    expect(all("List").every((l) => JSON.stringify(l.code) === JSON.stringify({ coding: [CODE.reconciledAtDischarge] }))).toBe(true);
  });
});
