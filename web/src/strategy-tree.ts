import type { Section } from "./api/client.js";

/** A section anywhere in a strategy's tree, by its key. */
export function findSection(sections: Section[], key: string): Section | undefined {
  for (const s of sections) {
    if (s.key === key) return s;
    const inner = findSection(s.children, key);
    if (inner) return inner;
  }
  return undefined;
}
