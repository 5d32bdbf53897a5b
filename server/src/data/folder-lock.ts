import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Conflict } from "../domain/errors.js";

const LOCK_FILE = "veivalg.pid";

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims a PGlite data folder for this process. Embedded PGlite is one process's database and takes
 * no lock of its own: a second process opening the same folder (e.g. `veivalg users create-admin`
 * while the server runs) would corrupt it. A lock left by a process that has ended is taken over.
 * Returns the release.
 */
export function lockDataFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(readFileSync(path, "utf8").trim());
      if (alive(holder) || attempt > 0) {
        throw new Conflict(
          `the data folder ${dir} is in use by another Veivalg process${alive(holder) ? ` (pid ${holder})` : ""}, e.g. a running server. ` +
            "The embedded database serves one process at a time: stop the server and run this again, or run Veivalg on a PostgreSQL server (DATABASE_URL), where this works while the server runs",
          [],
          "data_folder_in_use",
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error("unreachable");
}
