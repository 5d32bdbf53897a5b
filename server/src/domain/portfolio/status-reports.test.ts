import { describe, expect, it } from "vitest";
import { missingReport, reportOverdue, reportPeriod, type ReportingState } from "./status-reports.js";

const running: ReportingState = { phase: "execution", frequency: "month", phaseSince: "2025-01-10", latestPeriod: null };

describe("overdue status reports", () => {
  it("owes the last completed month of a reporting phase", () => {
    expect(missingReport(running, "2025-04-05")?.id).toBe("2025-03");
    expect(reportOverdue({ ...running, latestPeriod: "2025-02" }, "2025-04-05")).toBe(true);
    expect(reportOverdue({ ...running, latestPeriod: "2025-03" }, "2025-04-05")).toBe(false);
    // A report ahead of the due period also covers it.
    expect(reportOverdue({ ...running, latestPeriod: "2025-04" }, "2025-04-05")).toBe(false);
  });

  it("owes the period in which the phase began, not one before", () => {
    const entered = { ...running, phaseSince: "2025-03-20" };
    expect(reportOverdue(entered, "2025-03-31")).toBe(false);
    expect(missingReport(entered, "2025-04-01")?.id).toBe("2025-03");
    expect(reportOverdue({ ...running, phaseSince: "2025-04-01" }, "2025-04-02")).toBe(false);
  });

  it("counts quarters for a quarterly report", () => {
    const quarterly: ReportingState = { phase: "planning", frequency: "quarter", phaseSince: "2025-02-01", latestPeriod: null };
    expect(reportOverdue(quarterly, "2025-03-31")).toBe(false);
    expect(missingReport(quarterly, "2025-04-01")?.id).toBe("2025-Q1");
    expect(reportOverdue({ ...quarterly, latestPeriod: "2025-Q1" }, "2025-06-30")).toBe(false);
    expect(missingReport({ ...quarterly, latestPeriod: "2025-Q1" }, "2025-07-01")?.id).toBe("2025-Q2");
    // A monthly report from before the frequency changed closes the quarter it ends.
    expect(reportOverdue({ ...quarterly, latestPeriod: "2025-06" }, "2025-07-01")).toBe(false);
    expect(reportOverdue({ ...quarterly, latestPeriod: "2025-05" }, "2025-07-01")).toBe(true);
  });

  it("counts tertials", () => {
    const tertial: ReportingState = { phase: "closing", frequency: "tertial", phaseSince: "2024-11-01", latestPeriod: "2024-T3" };
    expect(reportOverdue(tertial, "2025-04-30")).toBe(false);
    expect(missingReport(tertial, "2025-05-01")?.id).toBe("2025-T1");
  });

  it("owes nothing outside the reporting phases", () => {
    for (const phase of ["idea", "concept", "realisation", "completed", "rejected", "paused"] as const) {
      expect(reportOverdue({ ...running, phase }, "2025-06-01")).toBe(false);
    }
  });

  it("refuses a report period of another frequency", () => {
    expect(reportPeriod("2025-Q2", "quarter").start).toBe("2025-04-01");
    expect(() => reportPeriod("2025-04", "quarter")).toThrow(/not a quarter/);
    expect(() => reportPeriod("2025-13", "month")).toThrow(/not a period/);
  });
});
