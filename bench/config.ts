/**
 * Benchmark settings: environment variables, overridden by `--flag=value` (or `--flag value`) on the
 * command line. The defaults are the full size the issue asks for.
 */

export interface BenchConfig {
  engine: "postgres" | "pglite";
  /** Multiplies the breakdown values loaded per key result × organisation × month, and the import rows. */
  scale: number;
  organisations: number;
  keyResults: number;
  months: number;
  /** Values of the one breakdown dimension each key result has (all of them are allowed by its definition). */
  valuesDefined: number;
  /** Values of that dimension the background data uses (valuesDefined × scale, at least 1). */
  valuesLoaded: number;
  importRows: number;
  /** Also time an import whose every row corrects a current measurement. */
  corrections: boolean;
  /** EXPLAIN ANALYZE every statement of a (rolled back) import; costs one more import of each kind. */
  explainImport: boolean;
  only: "all" | "import" | "status" | "web" | "portfolio" | "optimiser" | "fhir";
  /** Resources in figure 6's synthetic FHIR exports. */
  fhirSizes: number[];
  /** Shrinks figure 5's problems (1 = the issue's 1,000 and 200 candidates). */
  optimiserScale: number;
  /** Initiatives in the portfolio of figure 4. */
  initiatives: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  poolMax: number;
  loadWorkers: number;
  /** Sequential calls of the status service per period to attribute its time to statements. */
  profileCalls: number;
  firstYear: number;
  keepFiles: boolean;
}

const HELP = `npm run bench [-- options]

  --scale=S            BENCH_SCALE         1     multiplies background breakdown values (50) and import rows (1 000 000)
  --organisations=N    BENCH_ORGS          24    one region and N-1 health trusts
  --key-results=N      BENCH_KEY_RESULTS   40    in focus areas of 5
  --months=N           BENCH_MONTHS        120   background months (from January 2016)
  --values=N           BENCH_VALUES        50    breakdown values per key result
  --import-rows=N      BENCH_IMPORT_ROWS   1e6×S rows in each import file
  --warmup=SECONDS     BENCH_WARMUP        10    per route, not counted
  --duration=SECONDS   BENCH_DURATION      20    per route, measured
  --connections=N      BENCH_CONNECTIONS   32    concurrent HTTP keep-alive connections
  --pool=N             BENCH_POOL_MAX      32    pg pool size of the server
  --load-workers=N     BENCH_LOAD_WORKERS  1     worker threads driving the load
  --profile-calls=N    BENCH_PROFILE_CALLS 20    sequential status calls per period for the statement profile
  --initiatives=N      BENCH_INITIATIVES   2000  initiatives in figure 4's portfolio (5 years of monthly reports and actuals)
  --optimiser-scale=S  BENCH_OPTIMISER_SCALE 1   shrinks figure 5's problems (0.2: 200 and 40 candidates, a smoke run)
  --fhir-sizes=A,B,C   BENCH_FHIR_SIZES    250000,1000000,4000000  resources in figure 6's synthetic FHIR exports
  --only=import|status|web|portfolio|optimiser|fhir run one figure (web: JavaScript shipped and time to a rendered overview;
                                               portfolio: the portfolio board and the coverage matrix under load;
                                               optimiser: the portfolio optimiser, no database;
                                               fhir: key results computed from FHIR data, no database)
  --no-corrections                             skip the import that corrects existing rows
  --explain-import                             EXPLAIN ANALYZE the import's statements (rolled back)
  --keep-files                                 keep the generated CSV files in .bench/
  --pglite                                     embedded PGlite instead of PostgreSQL (default scale 0.05)

Database: BENCH_DATABASE_URL or TEST_DATABASE_URL; with neither, a throwaway cluster is started
with scripts/with-postgres.sh (on a free port, or VEIVALG_TEST_PG_PORT).
Web figure: builds web/ into .bench/web and opens it in /usr/bin/chromium (or CHROMIUM_PATH), headless.`;

function parseArgs(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"\n\n${HELP}`);
    const eq = arg.indexOf("=");
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--") && !BOOLEAN.has(arg.slice(2))) {
      flags.set(arg.slice(2), argv[i + 1]!);
      i++;
    } else flags.set(arg.slice(2), "true");
  }
  return flags;
}

const BOOLEAN = new Set(["pglite", "no-corrections", "explain-import", "keep-files", "help"]);

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): BenchConfig {
  const flags = parseArgs(argv);
  if (flags.has("help")) {
    console.log(HELP);
    process.exit(0);
  }
  const known = new Set([
    ...BOOLEAN,
    "scale",
    "organisations",
    "key-results",
    "months",
    "values",
    "import-rows",
    "warmup",
    "duration",
    "connections",
    "pool",
    "load-workers",
    "profile-calls",
    "only",
    "optimiser-scale",
    "fhir-sizes",
    "initiatives",
  ]);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n\n${HELP}`);

  const num = (flag: string, variable: string, fallback: number, min: number): number => {
    const text = flags.get(flag) ?? env[variable];
    if (text === undefined || text === "") return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${flag} / ${variable}: "${text}" is not a number ≥ ${min}`);
    return n;
  };
  const int = (flag: string, variable: string, fallback: number, min: number) => Math.round(num(flag, variable, fallback, min));

  const engine = flags.has("pglite") || env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
  const scale = num("scale", "BENCH_SCALE", engine === "pglite" ? 0.05 : 1, 0.0001);
  const valuesDefined = int("values", "BENCH_VALUES", 50, 1);
  const only = flags.get("only") ?? env.BENCH_ONLY ?? "all";
  if (only !== "all" && only !== "import" && only !== "status" && only !== "web" && only !== "portfolio" && only !== "optimiser" && only !== "fhir") {
    throw new Error(`--only: "${only}" is not import, status, web, portfolio, optimiser or fhir`);
  }
  const cfg: BenchConfig = {
    engine,
    scale,
    organisations: int("organisations", "BENCH_ORGS", 24, 2),
    keyResults: int("key-results", "BENCH_KEY_RESULTS", 40, 1),
    months: int("months", "BENCH_MONTHS", 120, 12),
    valuesDefined,
    valuesLoaded: Math.max(1, Math.min(valuesDefined, Math.round(valuesDefined * scale))),
    importRows: int("import-rows", "BENCH_IMPORT_ROWS", Math.max(100, Math.round(1_000_000 * scale)), 1),
    corrections: !flags.has("no-corrections") && env.BENCH_CORRECTIONS !== "0",
    explainImport: flags.has("explain-import") || env.BENCH_EXPLAIN_IMPORT === "1",
    only,
    optimiserScale: num("optimiser-scale", "BENCH_OPTIMISER_SCALE", 1, 0.01),
    fhirSizes: (flags.get("fhir-sizes") ?? env.BENCH_FHIR_SIZES ?? "250000,1000000,4000000").split(",").map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 1000) throw new Error(`--fhir-sizes: "${x}" is not a whole number ≥ 1000`);
      return n;
    }),
    initiatives: int("initiatives", "BENCH_INITIATIVES", Math.max(10, Math.round(2000 * Math.min(1, scale * 20))), 1),
    warmupSeconds: num("warmup", "BENCH_WARMUP", 10, 0),
    durationSeconds: num("duration", "BENCH_DURATION", 20, 0.5),
    connections: int("connections", "BENCH_CONNECTIONS", 32, 1),
    poolMax: int("pool", "BENCH_POOL_MAX", 32, 1),
    loadWorkers: int("load-workers", "BENCH_LOAD_WORKERS", 1, 1),
    profileCalls: int("profile-calls", "BENCH_PROFILE_CALLS", 20, 1),
    firstYear: 2016,
    keepFiles: flags.has("keep-files"),
  };
  if (cfg.loadWorkers > cfg.connections) cfg.loadWorkers = cfg.connections;
  return cfg;
}
