/**
 * The child side of a benchmarked server: it tells the bench process where it
 * listens, and on request how much memory and CPU time it has used, measured
 * in here so that the load generator's own work is never counted.
 */
export interface MemoryFigures {
  rss: number;
  heapUsed: number;
}

export function reportToBench(url: string, close: () => Promise<void>): void {
  process.send?.({ type: 'ready', url });
  process.on('message', (message: unknown) => {
    if (message === 'memory') process.send?.({ type: 'memory', ...settledMemory() });
    if (message === 'cpu') process.send?.({ type: 'cpu', micros: cpuMicros() });
    if (message === 'stop') close().finally(() => process.exit(0));
  });
  // Without the bench process there is nobody to measure for.
  process.on('disconnect', () => process.exit(0));
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Memory after full collections, so garbage waiting to be swept is not counted. */
function settledMemory(): MemoryFigures {
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}
