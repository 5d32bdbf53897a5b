/** A word-level difference between two texts: what stayed, what was taken out and what was put in. */
export interface WordChange {
  op: "same" | "del" | "ins";
  text: string;
}

const MAX_TOKENS = 1500;

/** Splits into words and the white space between them, so joining the parts gives the text back. */
function tokens(s: string): string[] {
  return s.split(/(\s+)/).filter((x) => x !== "");
}

/**
 * The longest common subsequence of words, as runs of kept, removed and added text. Texts too long
 * to compare cheaply come back as one removal and one addition.
 */
export function diffWords(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_TOKENS * MAX_TOKENS / 4) {
    return [
      { op: "del", text: before },
      { op: "ins", text: after },
    ];
  }
  // Common prefix and suffix first: most revisions touch a small part of a text.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: WordChange[] = [];
  const push = (op: WordChange["op"], text: string) => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  if (start > 0) push("same", a.slice(0, start).join(""));
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      push("same", midA[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      push("del", midA[i++]!);
    } else {
      push("ins", midB[j++]!);
    }
  }
  while (i < n) push("del", midA[i++]!);
  while (j < m) push("ins", midB[j++]!);
  if (endA < a.length) push("same", a.slice(endA).join(""));
  return out;
}
