import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

interface Node {
  key: string;
  kind: string;
  code: string | null;
  title: string;
  objective: string | null;
  children: Node[];
  keyResults: { code: string; id: string }[];
  serves: { toStrategy: string; toSection: string }[];
  servedBy: { fromStrategy: string; fromSection: string }[];
}
const walk = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...walk(n.children)]);

describe("the seeded register", () => {
  it("has both regions with their trusts and shared services", async () => {
    const res = await t.app.inject("/api/v1/organisations");
    expect(res.statusCode).toBe(200);
    const orgs = res.json() as { id: string; parent: string | null; kind: string }[];
    const under = (p: string, kind: string) => orgs.filter((o) => o.parent === p && o.kind === kind).length;
    expect(under("hso", "hf")).toBe(9);
    expect(under("hso", "shared_service")).toBe(2);
    expect(under("hv", "hf")).toBe(4);
    expect(under("hv", "shared_service")).toBe(2);
  });

  it("serves Helse Sør-Øst's strategy whole: 7 focus areas, 43 initiatives, 43 key results", async () => {
    const res = await t.app.inject("/api/v1/strategies/hso-teknologi-2023");
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const tree = res.json() as { reference: string; adoptedOn: string; parent: string; sections: Node[] };
    expect(tree.reference).toBe("styresak 132-2023");
    expect(tree.adoptedOn).toBe("2023-11-22");
    expect(tree.parent).toBe("hso-rup-2040");
    const all = walk(tree.sections);
    const areas = all.filter((n) => n.kind === "focus_area");
    expect(areas).toHaveLength(7);
    expect(areas.map((a) => a.children.filter((c) => c.kind === "initiative").length)).toEqual([7, 6, 6, 6, 5, 6, 7]);
    expect(areas.map((a) => a.keyResults.length)).toEqual([7, 5, 6, 5, 4, 6, 10]);
    expect(areas[0]!.objective).toBe(
      "Pasienter behandles og følges opp hjemme når det gir effektiv ressursbruk, god kvalitet og økt egenmestring.",
    );
    expect(areas.flatMap((a) => a.keyResults.map((k) => k.code))).toContain("1.5a");
  });

  it("serves Helse Vest's strategy in its own shape", async () => {
    const tree = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024")).json() as { language: string; sections: Node[] };
    expect(tree.language).toBe("nn");
    const count = (kind: string) => walk(tree.sections).filter((n) => n.kind === kind).length;
    expect([count("guideline"), count("ambition"), count("prerequisite"), count("focus_area")]).toEqual([4, 5, 4, 6]);
  });

  it("lists strategies per region", async () => {
    const res = await t.app.inject("/api/v1/strategies?owner=hv");
    expect((res.json() as { id: string }[]).map((s) => s.id)).toEqual(["hv-digitalisering-2024"]);
    const all = (await t.app.inject("/api/v1/strategies")).json() as { id: string }[];
    expect(all.map((s) => s.id).sort()).toEqual(["hso-rup-2040", "hso-teknologi-2023", "hv-digitalisering-2024", "nasjonal-ehelse"]);
  });

  it("returns 404 with a stable code for an unknown strategy", async () => {
    const res = await t.app.inject("/api/v1/strategies/finnes-ikke");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "not_found" });
  });
});

describe("alignment between plans", () => {
  it("links an objective to a goal of the parent plan and shows it both ways", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/alignments",
      payload: { fromStrategy: "hso-teknologi-2023", fromSection: "fa-4", toStrategy: "hso-rup-2040", toSection: "goal-3" },
    });
    expect(res.statusCode).toBe(201);
    const tech = (await t.app.inject("/api/v1/strategies/hso-teknologi-2023")).json() as { sections: Node[] };
    expect(walk(tech.sections).find((s) => s.key === "fa-4")!.serves).toMatchObject([{ toStrategy: "hso-rup-2040", toSection: "goal-3" }]);
    const rup = (await t.app.inject("/api/v1/strategies/hso-rup-2040")).json() as { sections: Node[]; children: { id: string }[] };
    expect(walk(rup.sections).find((s) => s.key === "goal-3")!.servedBy).toMatchObject([{ fromStrategy: "hso-teknologi-2023", fromSection: "fa-4" }]);
    expect(rup.children.map((c) => c.id)).toContain("hso-teknologi-2023");
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/alignments",
      payload: { fromStrategy: "hso-teknologi-2023", fromSection: "fa-4", toStrategy: "hso-rup-2040", toSection: "goal-3" },
    });
    expect(again.statusCode).toBe(409);
  });

  it("refuses a link to a section that does not exist", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/alignments",
      payload: { fromStrategy: "hso-teknologi-2023", fromSection: "fa-1", toStrategy: "hso-rup-2040", toSection: "goal-9" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "invalid", details: [{ path: "to" }] });
  });
});

describe("revising a strategy", () => {
  const revise = async (etag: string | undefined, mutate: (s: Record<string, unknown>) => void) => {
    const current = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024")).json() as Record<string, unknown>;
    const toInput = (n: Node & { description?: string | null }): Record<string, unknown> => ({
      key: n.key,
      kind: n.kind,
      ...(n.code ? { code: n.code } : {}),
      title: n.title,
      ...(n.objective ? { objective: n.objective } : {}),
      ...(n.description ? { description: n.description } : {}),
      children: n.children.map(toInput),
    });
    const strategy: Record<string, unknown> = {
      owner: current.owner,
      kind: current.kind,
      title: current.title,
      language: current.language,
      periodFrom: current.periodFrom,
      status: current.status,
      parent: current.parent,
      reference: current.reference,
      source: current.source,
      summary: current.summary,
      published: current.published,
      sections: (current.sections as Node[]).map(toInput),
    };
    mutate(strategy);
    return t.app.inject({
      method: "PUT",
      url: "/api/v1/strategies/hv-digitalisering-2024",
      headers: etag ? { "if-match": etag } : {},
      payload: { strategy, reason: "Årleg revisjon 2025", effectiveFrom: "2025-04-01" },
    });
  };

  it("refuses to move the strategy to another owner, and changes nothing", async () => {
    const res = await revise('"1"', (s) => {
      s.owner = "hso";
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ path: "strategy.owner" }] });
    expect((await t.app.inject("/api/v1/strategies/hv-digitalisering-2024")).headers.etag).toBe('"1"');
  });

  it("needs If-Match", async () => {
    const res = await revise(undefined, () => {});
    expect(res.statusCode).toBe(428);
    expect(res.json()).toMatchObject({ code: "if_match_required" });
  });

  it("makes a new version, keeps the old one readable and lists the difference", async () => {
    const res = await revise('"1"', (s) => {
      s.title = "Strategi for digitalisering i Helse Vest 2025";
      const sections = s.sections as { kind: string; title: string; key: string }[];
      sections.find((x) => x.kind === "ambition")!.title = "Endra ambisjon";
      sections.push({ key: "ambition-6", kind: "ambition", title: "Ny ambisjon" });
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const versions = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024/versions")).json() as { version: number; reason: string }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]!.reason).toBe("Årleg revisjon 2025");
    const v1 = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024?version=1")).json() as { title: string };
    expect(v1.title).toBe("Strategi for digitalisering i Helse Vest");
    const diff = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024/diff?from=1&to=2")).json() as {
      metadata: { field: string }[];
      sections: { key: string; change: string; fields: { field: string }[] }[];
    };
    expect(diff.metadata.map((m) => m.field)).toEqual(["title"]);
    expect(diff.sections.find((s) => s.key === "ambition-6")).toMatchObject({ change: "added" });
    expect(diff.sections.filter((s) => s.change === "changed").flatMap((s) => s.fields.map((f) => f.field))).toEqual(["title"]);
  });

  it("refuses a revision based on a stale version with 412, changing nothing", async () => {
    const res = await revise('"1"', (s) => {
      s.title = "Overskriv ikkje";
    });
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: "version_mismatch" });
    const cur = (await t.app.inject("/api/v1/strategies/hv-digitalisering-2024")).json() as { title: string; version: number };
    expect(cur).toMatchObject({ version: 2, title: "Strategi for digitalisering i Helse Vest 2025" });
  });

  it("validates the body and names the field at fault", async () => {
    const res = await revise('"2"', (s) => {
      s.periodFrom = "2025-13";
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "invalid", details: [{ path: "body.strategy.periodFrom" }] });
  });
});

describe("organisations", () => {
  it("adds a unit below a trust, and refuses a taken short name or an unknown parent", async () => {
    const unit = { id: "ahus-kir", parent: "ahus", kind: "unit", name: "Kirurgisk divisjon, Ahus", shortName: "Ahus-kir" };
    expect((await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: unit })).statusCode).toBe(201);
    const taken = await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: { ...unit, id: "annen", shortName: "OUS" } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ details: [{ path: "shortName" }] });
    const orphan = await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: { ...unit, id: "x", shortName: "X", parent: "nope" } });
    expect(orphan.statusCode).toBe(400);
  });
});

describe("the OpenAPI document", () => {
  it("describes the success answer of every route, and its errors", async () => {
    const doc = (await t.app.inject("/api/v1/openapi.json")).json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const undocumented: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path.endsWith("/template.csv") || path.endsWith("/export")) continue;
      for (const [method, op] of Object.entries(methods)) {
        const ok = Object.entries(op.responses).find(([code]) => code.startsWith("2") || code.startsWith("3"));
        // An answer without a body (204 No Content, a 302 redirect) documents itself by its code.
        const bodyless = ok && (ok[0] === "204" || ok[0].startsWith("3"));
        // JSON, or FHIR's own JSON media type (the MeasureReport).
        const body = ok?.[1].content?.["application/json"] ?? ok?.[1].content?.["application/fhir+json"];
        if (!bodyless && !body?.schema) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(doc.paths["/api/v1/measurements"]!.post!.responses["409"]).toBeDefined();
  });
});
