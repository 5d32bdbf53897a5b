import { Invalid } from "../domain/errors.js";
import { RESOURCE_TYPES, emitDevices, emitOrganisations, emitPatient } from "../fhir/synth/generate.js";
import { NdjsonWriter, type WrittenFile } from "../fhir/synth/writer.js";

/**
 * `veivalg synth`: a synthetic FHIR export of Helse Sør-Øst's trusts for `patients` patients,
 * written to `out` as one NDJSON file per resource type. The same (patients, seed) gives the same
 * bytes. About 25 resources per patient (docs/indicators/README.md), so 40,000 patients make about
 * a million resources.
 */
export async function synth(options: { patients: number; seed: number; out: string; gzip?: boolean }): Promise<{ files: WrittenFile[] }> {
  const { patients, seed } = options;
  if (!Number.isSafeInteger(patients) || patients < 1) {
    throw new Invalid("The number of patients must be a whole number of at least 1", [{ path: "patients", message: "a whole number ≥ 1" }]);
  }
  if (!Number.isSafeInteger(seed)) throw new Invalid("The seed must be a whole number", [{ path: "seed", message: "a whole number" }]);
  const writer = await NdjsonWriter.open(options.out, RESOURCE_TYPES, { gzip: options.gzip ?? false });
  try {
    emitOrganisations(writer.write);
    emitDevices(patients, seed, writer.write);
    for (let i = 0; i < patients; i++) {
      emitPatient(i, seed, writer.write);
      if (writer.blocked) await writer.drained();
    }
    return { files: await writer.close() };
  } catch (error) {
    writer.abort();
    throw error;
  }
}
