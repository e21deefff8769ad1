/**
 * `npm run bench`: measures what users feel, against the plain way of doing the
 * same thing, in the same run. Each benchmark is a module with a name and a run()
 * that prints its own figures; add one by adding it to the list below.
 * BENCH_ONLY=latency (a word of a benchmark's name) runs just the matching ones.
 */
import { fileURLToPath } from 'node:url';

import { buildAppIfNeeded } from '../server/build-app.ts';
import { benchApi } from './api.ts';
import { benchBroker } from './broker.ts';
import { driftBenchmark } from './drift.ts';
import { latencyBenchmark } from './latency.ts';
import { benchSize } from './size.ts';

export interface Benchmark {
  name: string;
  run(): Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'App download size', run: benchSize },
  latencyBenchmark,
  driftBenchmark,
  { name: 'Broker capacity and signalling', run: benchBroker },
  { name: 'API throughput', run: benchApi },
];

const root = fileURLToPath(new URL('..', import.meta.url));
buildAppIfNeeded(root, `${root}dist`, (line) => console.log(line));

const only = process.env.BENCH_ONLY?.toLowerCase();
for (const benchmark of BENCHMARKS) {
  if (only && !benchmark.name.toLowerCase().includes(only)) continue;
  console.log(`\n## ${benchmark.name}\n`);
  await benchmark.run();
}
// The test server's close leaves a handle open (the test runner sees the same), so the
// process would not end on its own once the figures are out.
process.exit(0);
