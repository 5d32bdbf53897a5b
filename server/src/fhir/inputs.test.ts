import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipOf } from "../../../test/support/zip.js";
import { Invalid } from "../domain/errors.js";
import { faultyLines, openInputs, printable } from "./inputs.js";

const patients = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => JSON.stringify({ resourceType: "Patient", id: `p${i}` })).join("\n") + "\n");

describe("opening a FHIR export", () => {
  let dir: string;
  let temp: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "veivalg-inputs-test-"));
    temp = mkdtempSync(join(tmpdir(), "veivalg-inputs-temp-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  const refusal = async (archive: string, limits: Parameters<typeof openInputs>[1] = {}) => {
    const error = await openInputs(archive, { tempDir: temp, ...limits }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Invalid);
    // Nothing of what was unpacked is left.
    expect(readdirSync(temp)).toEqual([]);
    return (error as Invalid).message;
  };

  it("unpacks a zip and a tar.gz within the limits", async () => {
    writeFileSync(join(dir, "ok.zip"), zipOf({ "Patient.ndjson": patients(1000), "export/Observation.ndjson": Buffer.from('{"resourceType":"Observation","id":"o"}\n') }));
    const zip = await openInputs(join(dir, "ok.zip"), { tempDir: temp });
    expect(zip.files.map((f) => [f.name, f.resourceType, f.bytes])).toEqual([
      ["Patient.ndjson", "Patient", patients(1000).length],
      [join("export", "Observation.ndjson"), "Observation", 40],
    ]);
    await zip.close();

    const folder = join(dir, "tar-source");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    writeFileSync(join(folder, "Patient.ndjson"), patients(1000));
    await tar.c({ gzip: true, file: join(dir, "ok.tar.gz"), cwd: folder }, ["Patient.ndjson"]);
    const tgz = await openInputs(join(dir, "ok.tar.gz"), { tempDir: temp });
    expect(tgz.files.map((f) => [f.name, f.bytes])).toEqual([["Patient.ndjson", patients(1000).length]]);
    await tgz.close();
    expect(readdirSync(temp)).toEqual([]);
  });

  it("refuses a zip member that unpacks to more than 100 times its size, naming it and the limit, and keeps nothing", async () => {
    // 8 MiB of spaces deflate to about 8 KiB: a small zip bomb, in an archive large enough (an
    // incompressible member, not unpacked) that only the member's own ratio stops it.
    const members = { "Patient.ndjson": patients(10), "notes.bin": randomBytes(256 * 1024), "Observation.ndjson": Buffer.alloc(8 * 1024 * 1024, " ") };
    writeFileSync(join(dir, "bomb.zip"), zipOf(members));
    const message = await refusal(join(dir, "bomb.zip"));
    expect(message).toMatch(/^bomb\.zip: Observation\.ndjson unpacks to more than 100 times its compressed size of [\d.]+ KiB \(1 MiB\)/);
  });

  it("refuses a zip that unpacks to more than the absolute limit", async () => {
    writeFileSync(join(dir, "big.zip"), zipOf({ "Patient.ndjson": patients(1000) }));
    const message = await refusal(join(dir, "big.zip"), { maxBytes: 10_000 });
    expect(message).toMatch(/^big\.zip: Patient\.ndjson unpacks to more than the limit of 9\.8 KiB for an unpacked archive/);
  });

  it("refuses a tar.gz that unpacks to more than 100 times the archive's size, and keeps nothing", async () => {
    const folder = join(dir, "bomb-source");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    writeFileSync(join(folder, "Observation.ndjson"), Buffer.alloc(8 * 1024 * 1024, " "));
    await tar.c({ gzip: true, file: join(dir, "bomb.tar.gz"), cwd: folder }, ["Observation.ndjson"]);
    const message = await refusal(join(dir, "bomb.tar.gz"));
    expect(message).toMatch(/^bomb\.tar\.gz: Observation\.ndjson unpacks to more than the limit of 100 times the archive's size \(1 MiB in all\)/);
    // A lower ratio and floor trip earlier, and a plain tar is held to the absolute limit.
    await tar.c({ file: join(dir, "plain.tar"), cwd: folder }, ["Observation.ndjson"]);
    expect(await refusal(join(dir, "plain.tar"), { maxBytes: 4 * 1024 * 1024 })).toMatch(/the limit of 4 MiB for an unpacked archive/);
  });

  it("names a line holding a NUL byte without writing the byte into the message", async () => {
    for (const [name, data] of [
      ["Observation.ndjson", Buffer.from('{"resourceType":"Observation","id":"a"}\n\u0000{"resourceType":"Observation","id":"b"}\n{"resourceType":"Observation","id":"c\u0000"}\n')],
      ["Observation.ndjson.gz", gzipSync('{"resourceType":"Observation","id":"a"}\n{"resourceType":"Observation",\u0000"id":"b"}\n')],
    ] as const) {
      const folder = mkdtempSync(join(dir, "nul-"));
      writeFileSync(join(folder, name), data);
      const inputs = await openInputs(folder);
      const faults = await faultyLines(inputs.files[0]!);
      expect(faults.length).toBeGreaterThan(0);
      expect(faults[0]!.message).toMatch(new RegExp(`^${name.replaceAll(".", "\\.")}, line 2: not valid JSON`));
      for (const f of faults) expect(f.message).not.toContain("\u0000");
    }
  });

  it("writes control characters and lone surrogates out", () => {
    expect(printable("a\u0000b\u001fc\td")).toBe("a\\u0000b\\u001fc\td");
    expect(printable("x\uD800y")).toBe("x\uFFFDy");
    expect(printable("ok 😀")).toBe("ok 😀");
  });
});
