import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listInitiatives } from "../../data/initiatives.js";
import { listStatusReports, recordStatusReport } from "../../data/status-reports.js";
import { REPORTING_PHASES } from "../../domain/portfolio/lifecycle.js";
import { authorizeManage, authorizeRead } from "../initiative-access.js";
import { initiativeParams, today } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import { portfolioStatusQuery, portfolioStatusResponse, statusReportQuery, statusReportResponse, statusReportSchema } from "./schema.js";

export const statusReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  app.post(
    "/initiatives/:id/status-reports",
    {
      schema: {
        tags,
        summary: "Report an initiative's status for a period: red, amber or green for overall, scope, schedule, cost and benefits; a correction gives `replaces`",
        params: initiativeParams,
        body: statusReportSchema,
        response: { 201: statusReportResponse, ...errors },
      },
    },
    async (req, reply) => {
      await authorizeManage(req, req.params.id);
      const { replaces, ...report } = req.body;
      const saved = await db.transaction(async (tx) => {
        const r = await recordStatusReport(tx, req.params.id, { ...report, replaces }, today(), req.actor);
        await req.access.audit(tx, { action: "status_report.record", objectType: "status_report", objectId: String(r.id), before: replaces === undefined || replaces === null ? null : { replaces }, after: r });
        return r;
      });
      return reply.code(201).send(saved);
    },
  );

  app.get(
    "/initiatives/:id/status-reports",
    { schema: { tags, summary: "An initiative's status reports, newest period first", params: initiativeParams, querystring: statusReportQuery, response: { 200: z.array(statusReportResponse), ...errors } } },
    async (req) => {
      await authorizeRead(req, req.params.id);
      return listStatusReports(db, req.params.id, req.query.history ?? false);
    },
  );

  app.get(
    "/strategies/:id/portfolio-status",
    {
      schema: {
        tags,
        summary: "The portfolio status table: per initiative its latest status report and whether one is overdue, with counts",
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: portfolioStatusQuery,
        response: { 200: portfolioStatusResponse, ...errors },
      },
    },
    async (req) => {
      await req.access.readInternal(req.params.id);
      const at = req.query.at ?? today();
      const rows = await listInitiatives(db, { strategyId: req.params.id, today: at });
      const initiatives = rows.map((i) => ({
        id: i.id,
        code: i.code,
        title: i.title,
        phase: i.phase,
        organisationId: i.organisationId,
        reporting: REPORTING_PHASES.includes(i.phase),
        latestStatus: i.latestStatus,
        reportOverdue: i.reportOverdue,
      }));
      const reporting = initiatives.filter((i) => i.reporting);
      const overall = { green: 0, amber: 0, red: 0, none: 0 };
      for (const i of reporting) overall[i.latestStatus?.overall ?? "none"]++;
      return { at, initiatives, counts: { reporting: reporting.length, overdue: reporting.filter((i) => i.reportOverdue).length, overall } };
    },
  );
};
