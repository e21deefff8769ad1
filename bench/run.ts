/**
 * `npm run bench`: measures what users feel, against the plain way of doing the
 * same thing, in the same run. Each benchmark is a module with a name and a run()
 * that prints its own figures; add one by adding it to the list below.
 */
import { fileURLToPath } from 'node:url';

import { buildAppIfNeeded } from '../server/build-app.ts';
import { latencyBenchmark } from './latency.ts';

export interface Benchmark {
  name: string;
  run(): Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [latencyBenchmark];

const root = fileURLToPath(new URL('..', import.meta.url));
buildAppIfNeeded(root, `${root}dist`, (line) => console.log(line));

for (const benchmark of BENCHMARKS) {
  console.log(`\n## ${benchmark.name}\n`);
  await benchmark.run();
}
// The test server's close leaves a handle open (the test runner sees the same), so the
// process would not end on its own once the figures are out.
process.exit(0);
