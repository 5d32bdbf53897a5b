import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listMeasurements } from "../../data/measurements.js";
import { addKeyResultVersion, getKeyResult, getKeyResultVersions, listOrganisations } from "../../data/strategies.js";
import { lastCompleted, parsePeriod } from "../../domain/period.js";
import { templateCsv } from "../../imports/measurement-file.js";
import { etag, expectedVersion } from "../concurrency.js";
import { keyResultSeries } from "../../services/trends.js";
import { measureReport } from "../../services/measure-report.js";
import { suppressedKeyResults } from "../../data/small-counts.js";
import { smallCountFilter } from "../../domain/small-counts.js";
import { trendPeriods } from "../strategies/schema.js";
import { keyResultParams, keyResultRevisionSchema, measurementListQuery, measureReportQuery, measureReportResponse, seriesQuery, templateQuery } from "./schema.js";
import { z } from "zod";
import { errors, keyResultResponse, measurementResponse, seriesResponse } from "../responses.js";

/** FHIR's JSON media type (FHIR R4, http.html#mime-type). */
const FHIR_JSON = "application/fhir+json";

export const keyResultRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["key-results"];

  app.get("/key-results/:id", { schema: { tags, summary: "A key result as it now reads", params: keyResultParams, response: { 200: keyResultResponse, ...errors } } }, async (req, reply) => {
    await req.access.readKeyResult(req.params.id);
    const kr = await getKeyResult(db, req.params.id);
    return reply.header("etag", etag(kr.currentVersion)).send(kr);
  });

  app.put(
    "/key-results/:id",
    {
      schema: {
        tags,
        summary: "Change a key result's definition, unit or targets: a new effective-dated version; needs If-Match",
        params: keyResultParams,
        body: keyResultRevisionSchema,
        response: { 200: keyResultResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = await req.access.readKeyResult(req.params.id);
      await req.access.authorize({ do: "strategy.write", organisation: scope.owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const { content, reason, effectiveFrom } = req.body;
      const version = await db.transaction(async (tx) => {
        const before = await getKeyResult(tx, req.params.id);
        const v = await addKeyResultVersion(tx, req.params.id, expected, effectiveFrom, content, reason, req.actor);
        await req.access.audit(tx, { action: "key_result.revise", objectType: "key_result", objectId: req.params.id, before, after: { version: v, effectiveFrom, reason, content } });
        return v;
      });
      return reply.header("etag", etag(version)).send(await getKeyResult(db, req.params.id));
    },
  );

  app.get("/key-results/:id/versions", { schema: { tags, summary: "Every version, with what it was and why it changed", params: keyResultParams, response: { 200: z.array(keyResultResponse), ...errors } } }, async (req) => {
    await req.access.readKeyResult(req.params.id);
    return getKeyResultVersions(db, req.params.id);
  });

  app.get(
    "/key-results/:id/measurements",
    {
      schema: {
        tags,
        summary: "Measurements: current ones, the full history (?history=true), or as reported at an instant (?asOf=)",
        params: keyResultParams,
        querystring: measurementListQuery,
        response: { 200: z.array(measurementResponse), ...errors },
      },
    },
    async (req) => {
      const scope = await req.access.readKeyResult(req.params.id);
      const q = req.query;
      const [rows, versions, suppressed, view] = await Promise.all([
        listMeasurements(db, req.params.id, { ...q, from: q.from ? parsePeriod(q.from, "from") : undefined, to: q.to ? parsePeriod(q.to, "to") : undefined }),
        getKeyResultVersions(db, req.params.id),
        suppressedKeyResults(db, scope.id, req.params.id),
        req.access.smallCounts(),
      ]);
      // Each row is a count by the rule of the version it was reported under.
      const filters = new Map(versions.map((v) => [v.version, smallCountFilter(view, suppressed.has(req.params.id), v.aggregation)]));
      return rows.map((m) => filters.get(m.keyResultVersion)!(m, m.organisation));
    },
  );

  app.get(
    "/key-results/:id/series",
    {
      schema: {
        tags,
        summary: "Value, target and status per period for the region and each organisation, the versions, and with ?dimension= the values per breakdown value",
        params: keyResultParams,
        querystring: seriesQuery,
        response: { 200: seriesResponse, ...errors },
      },
    },
    async (req) => {
      await req.access.readKeyResult(req.params.id);
      return keyResultSeries(db, req.params.id, trendPeriods(req.query), await req.access.smallCounts(), req.query.dimension);
    },
  );

  app.get(
    "/key-results/:id/measure-report",
    {
      schema: {
        tags,
        summary: "The key result for an organisation and period as a FHIR R4 MeasureReport (summary, application/fhir+json); small counts the caller may not see are left out as `masked`",
        params: keyResultParams,
        querystring: measureReportQuery,
        response: { 200: { content: { [FHIR_JSON]: { schema: measureReportResponse } } }, ...errors },
      },
    },
    async (req, reply) => {
      await req.access.readKeyResult(req.params.id);
      const report = await measureReport(db, req.params.id, req.query, await req.access.smallCounts());
      return reply.type(FHIR_JSON).send(report);
    },
  );

  app.get(
    "/key-results/:id/template.csv",
    { schema: { tags, summary: "A ready import template (CSV, `;`, UTF-8) for this key result", params: keyResultParams, querystring: templateQuery } },
    async (req, reply) => {
      const { owner } = await req.access.readKeyResult(req.params.id);
      const kr = await getKeyResult(db, req.params.id);
      const orgs = (await listOrganisations(db)).filter((o) => o.parent === owner && (o.kind === "hf" || o.kind === "shared_service"));
      const periods = req.query.periods
        ? req.query.periods.split(",").map((p) => parsePeriod(p.trim(), "periods").id)
        : [lastCompleted(kr.frequency, new Date().toISOString().slice(0, 10)).id];
      const csv = templateCsv(kr, orgs.map((o) => o.shortName), periods);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="mal-${kr.code}.csv"`)
        .send(csv);
    },
  );
};
