/**
 * How many faults a refused import had. The server lists at most 1000 of them and says the total
 * in its message ("1234 fault(s) (the first 1000 are listed); nothing was saved").
 */
export function faultCount(message: string, listed: number): number {
  const m = /^(\d+)\s+fault/.exec(message);
  const n = m ? Number(m[1]) : NaN;
  return Number.isFinite(n) && n >= listed ? n : listed;
}
