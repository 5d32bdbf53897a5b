/**
 * Figure 4: the portfolio board and the coverage matrix under load. A portfolio of N initiatives
 * (default 2,000) with 5 years of monthly status reports and benefit actuals is generated into
 * Helse Sør-Øst's technology strategy; the real server then answers `GET /api/v1/initiatives`
 * (the board's data) and `GET /api/v1/strategies/{id}/coverage` under the configured connections,
 * asking for gzip as a browser does.
 */
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Db } from "../server/src/data/db.js";
import { migrate } from "../server/src/data/migrate.js";
import { buildApp } from "../server/src/http/app.js";
import { seedRegister } from "../server/src/seed/load.js";
import { buildPortfolio } from "../server/src/seed/portfolio.js";
import type { BenchConfig } from "./config.js";
import { loadRoute, type RouteFigure } from "./status-bench.js";

export const PORTFOLIO_P95_TARGET_MS = 100;
const STRATEGY = "hso-teknologi-2023";

export interface PortfolioResults {
  initiatives: number;
  rows: Record<string, number>;
  loadSeconds: number;
  routes: (RouteFigure & { p95TargetMet: boolean })[];
}

export async function runPortfolioBench(db: Db, cfg: BenchConfig, log: (line: string) => void): Promise<PortfolioResults> {
  await migrate(db);
  await seedRegister(db);
  const t0 = performance.now();
  const rows = await db.transaction(async (tx) => {
    // A portfolio left by an earlier figure of the same run would be counted twice.
    await tx.query("SELECT 1 FROM initiatives WHERE strategy_id = $1 LIMIT 1", [STRATEGY]).then((r) => {
      if (r.length > 0) throw new Error(`${STRATEGY} already has a portfolio`);
    });
    return buildPortfolio(tx, STRATEGY, { count: cfg.initiatives, months: 60, today: new Date().toISOString().slice(0, 10), seed: "bench", everyMonth: true });
  });
  await db.exec("ANALYZE");
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`  portfolio: ${Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}; loaded in ${loadSeconds.toFixed(1)} s`);

  const app = await buildApp({ db, logLevel: "silent" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  const routes: [string, string][] = [
    ["portfolio board (GET /initiatives)", `/api/v1/initiatives?strategy=${STRATEGY}`],
    ["coverage matrix", `/api/v1/strategies/${STRATEGY}/coverage`],
  ];
  const figures: PortfolioResults["routes"] = [];
  try {
    for (const [name, path] of routes) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { "accept-encoding": "gzip" } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${text.slice(0, 300)}`);
      log(`  ${name}: ${(text.length / 1024).toFixed(0)} KiB of JSON, sent gzip'd (${res.headers.get("content-encoding")}) to clients that take it, as browsers do`);
      const figure = await loadRoute(cfg, port, name, path, "gzip");
      figures.push({ ...figure, p95TargetMet: figure.latencyMs.p95 <= PORTFOLIO_P95_TARGET_MS });
    }
  } finally {
    await app.close();
  }
  return { initiatives: cfg.initiatives, rows, loadSeconds, routes: figures };
}
