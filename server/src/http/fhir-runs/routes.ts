import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createRun, failAbandonedRuns, failRun, getRun, listRuns } from "../../data/fhir-runs.js";
import { Invalid } from "../../domain/errors.js";
import { executeRun } from "../../services/fhir-runs.js";
import { errors } from "../responses.js";
import { loadIndicatorDefinitions } from "../../fhir/indicators.js";
import type { UnpackLimits } from "../../fhir/inputs.js";
import { definitionListResponse, runListResponse, runParams, runQuery, runResponse, sourceListResponse, startRunSchema } from "./schema.js";

const ARCHIVE = /\.(tar|tar\.gz|tgz|zip)$/i;

/** A run not carried out by this process is taken for dead once it began this long ago (README, "FHIR"). */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Computations of key results from FHIR exports placed in the server's FHIR folder. A run goes on
 * in the background after the request that starts it; clients follow it by reading it again.
 *
 * The watchdog: a run whose job ends without having recorded its end is failed at once; and before
 * a run starts, the strategy's runs left queued or running by no job of this process (a worker that
 * died) are failed once they are `abandonedAfterMs` old, so they cannot block new runs for good.
 */
export const fhirRunRoutes: FastifyPluginAsyncZod<{ fhirDir: string; abandonedAfterMs?: number | undefined; unpackLimits?: Partial<UnpackLimits> | undefined }> = async (app, opts) => {
  const tags = ["computations"];
  const db = app.db;
  /** The runs this process is carrying out: id → job. */
  const running = new Map<string, Promise<unknown>>();
  app.addHook("onClose", async () => {
    await Promise.allSettled([...running.values()]);
  });

  const runner = async (req: { access: { readStrategy(id: string): Promise<{ owner: string }>; authorize(a: { do: "computation.run"; organisation: string }): Promise<void> } }, strategyId: string) => {
    const strategy = await req.access.readStrategy(strategyId);
    await req.access.authorize({ do: "computation.run", organisation: strategy.owner });
  };

  app.get(
    "/fhir-runs",
    { schema: { tags, summary: "The computations of a strategy's key results from FHIR data, newest first", querystring: runQuery, response: { 200: runListResponse, ...errors } } },
    async (req) => {
      await req.access.readInternal(req.query.strategy);
      return listRuns(db, req.query.strategy);
    },
  );

  app.get(
    "/fhir-runs/sources",
    { schema: { tags, summary: "The FHIR exports in the server's FHIR folder that a computation can read", querystring: runQuery, response: { 200: sourceListResponse, ...errors } } },
    async (req) => {
      await runner(req, req.query.strategy);
      const entries = await readdir(opts.fhirDir, { withFileTypes: true }).catch(() => []);
      const sources = [];
      for (const e of entries) {
        if (!e.isDirectory() && !(e.isFile() && ARCHIVE.test(e.name))) continue;
        const info = await stat(join(opts.fhirDir, e.name));
        sources.push({ name: e.name, kind: e.isDirectory() ? ("folder" as const) : ("archive" as const), bytes: info.size, modifiedAt: info.mtime.toISOString() });
      }
      return sources.sort((a, b) => a.name.localeCompare(b.name));
    },
  );

  app.get(
    "/fhir-runs/definitions",
    { schema: { tags, summary: "The strategy's key results computed from FHIR data: each definition's version, content hash, views and what its counts are", querystring: runQuery, response: { 200: definitionListResponse, ...errors } } },
    async (req) => {
      await req.access.readStrategy(req.query.strategy);
      const definitions = await loadIndicatorDefinitions(req.query.strategy);
      return definitions.map((d) => ({ keyResult: d.keyResult, version: d.version, hash: d.fingerprint, countsAre: d.countsAre, description: d.description, views: d.views.map((v) => v.name) }));
    },
  );

  app.post(
    "/fhir-runs",
    { schema: { tags, summary: "Start computing a strategy's FHIR-bound key results from an export; the run goes on in the background", body: startRunSchema, response: { 202: runResponse, ...errors } } },
    async (req, reply) => {
      await runner(req, req.body.strategy);
      const missing = new Invalid(`No export ${req.body.source} in the FHIR folder`, [{ path: "source", message: "no such folder or archive" }]);
      if (req.body.source === "." || req.body.source === "..") throw missing;
      const info = await stat(join(opts.fhirDir, req.body.source)).catch(() => null);
      if (!info || !(info.isDirectory() || (info.isFile() && ARCHIVE.test(req.body.source)))) throw missing;
      const abandoned = await failAbandonedRuns(db, req.body.strategy, [...running.keys()], opts.abandonedAfterMs ?? ABANDONED_AFTER_MS);
      if (abandoned.length > 0) app.log.warn({ runs: abandoned, strategy: req.body.strategy }, "FHIR runs whose worker died were failed");
      const run = await db.transaction(async (tx) => {
        const r = await createRun(tx, req.body.strategy, req.body.source, req.actor);
        await req.access.audit(tx, { action: "fhir_run.start", objectType: "fhir_run", objectId: r.id, before: null, after: { strategy: r.strategyId, source: r.source } });
        return r;
      });
      const job = executeRun(db, run.id, { root: opts.fhirDir, unpackLimits: opts.unpackLimits })
        .catch((error: unknown) => app.log.error({ err: error, run: run.id }, "FHIR run failed outside its own handling"))
        // Whatever happened, the job is over: a run it left unfinished is failed, so the next can start.
        .then(() => failRun(db, run.id, [{ path: "run", message: "the run stopped without recording its end; nothing was changed" }]))
        .then(
          (ended) => ended && app.log.error({ run: run.id }, "FHIR run ended by the watchdog"),
          (error: unknown) => app.log.error({ err: error, run: run.id }, "FHIR run could not be ended; it is failed once abandoned"),
        )
        .finally(() => running.delete(run.id));
      running.set(run.id, job);
      return reply.code(202).header("location", `/api/v1/fhir-runs/${run.id}`).send(run);
    },
  );

  app.get(
    "/fhir-runs/:id",
    { schema: { tags, summary: "One computation: its progress, inputs, definitions, results and errors", params: runParams, response: { 200: runResponse, ...errors } } },
    async (req) => {
      const run = await getRun(db, req.params.id);
      await req.access.readInternal(run.strategyId);
      return run;
    },
  );
};
