/** A small valid strategy, as `POST /api/v1/strategies` takes it: one focus area with one key result (code M1). */
export const strategyInput = (id: string, owner: string, published: boolean) => ({
  id,
  owner,
  kind: "sub_strategy",
  title: `Strategi ${id}`,
  language: "nb",
  periodFrom: "2025",
  status: "adopted",
  published,
  sections: [
    {
      key: "fa-1",
      kind: "focus_area",
      code: "1",
      title: "Område",
      keyResults: [{ code: "M1", title: "Antall", unit: "count", direction: "increase", aggregation: "sum", frequency: "year" }],
    },
  ],
});
