/** Small helpers for turning samples into the figures the benchmarks print. */
import { cpus, loadavg } from 'node:os';

/** The q-quantile (0..1) of samples, by the nearest-rank method; NaN when there are none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

export function ratio(ours: number, theirs: number): string {
  return theirs > 0 && Number.isFinite(ours) ? `${(ours / theirs).toFixed(2)}x` : '-';
}

/** Rows as aligned columns: the first column left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  }
  const line = (row: readonly string[]) => row
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
  return rows.map(line).join('\n') + '\n';
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Benchmarks share the machine: say how busy it was, since every figure depends on it. */
export function machine(): string {
  return `${cpus().length} CPUs, load average ${fixed(loadavg()[0] ?? NaN)}`;
}
