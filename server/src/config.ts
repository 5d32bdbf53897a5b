import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The environment, read and checked once at start; the process refuses to start on a bad value. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  VEIVALG_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  VEIVALG_DEMO: z.enum(["0", "1"]).default("1"),
  VEIVALG_WEB_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
  /** The built web app (`npm run build:web`), served at `/`. */
  webDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.VEIVALG_DATA_DIR,
    databaseUrl: e.DATABASE_URL || undefined,
    demo: e.VEIVALG_DEMO === "1",
    logLevel: e.LOG_LEVEL,
    webDir: e.VEIVALG_WEB_DIR ?? fileURLToPath(new URL("../../web/dist", import.meta.url)),
  };
}
