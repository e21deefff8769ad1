/** Small statistics for benchmark figures. Pure, so tests can check them. */

/** The value below which `fraction` of the values lie (linear between ranks). */
export function quantile(values: readonly number[], fraction: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = Math.min(1, Math.max(0, fraction)) * (sorted.length - 1);
  const below = Math.floor(rank);
  const low = sorted[below] ?? 0;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (rank - below);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/**
 * Pairs each heard onset with the latest sent one before it, within `window` ms,
 * and returns the delays. Clicks come further apart than `window`, so a heard
 * click can only belong to one sent click; one with none (noise, or its sent
 * click fell before recording began) is left out.
 */
export function matchOnsets(sent: readonly number[], heard: readonly number[], window: number):
  number[] {
  const delays: number[] = [];
  for (const at of heard) {
    const candidates = sent.filter((each) => each <= at && at - each < window);
    const source = Math.max(...candidates);
    if (candidates.length > 0) delays.push(at - source);
  }
  return delays;
}
