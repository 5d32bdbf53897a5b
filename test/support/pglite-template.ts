import { writeFileSync, mkdirSync } from "node:fs";
import { openPglite } from "../../server/src/data/db.js";
import { migrate } from "../../server/src/data/migrate.js";
import { seedRegister } from "../../server/src/seed/load.js";
import { TEMPLATE_PATH } from "./paths.js";

/** Creating a PGlite database costs seconds; loading a dump of a migrated, seeded one costs far less. */
export default async function setup(): Promise<void> {
  const db = await openPglite(undefined);
  await migrate(db);
  await seedRegister(db);
  const dump = await db.dumpDataDir();
  mkdirSync(new URL(".", TEMPLATE_PATH), { recursive: true });
  writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}
