/**
 * Runs every uvu test file, then exits with uvu's verdict. The `peer` server
 * starts intervals of its own (expiring queued messages, pruning dead sockets)
 * and offers no way to stop them, so a finished run would otherwise never exit.
 * Usage: tsx tests/run.ts [folder] [pattern], e.g. `tsx tests/run.ts tests/api`.
 */
import { parse } from 'uvu/parse';
import { run } from 'uvu/run';

const [dir = 'tests', pattern = '\\.test\\.ts$'] = process.argv.slice(2);
const { suites } = await parse(dir, new RegExp(pattern), { cwd: process.cwd() });
await run(suites, { bail: false });
process.exit(process.exitCode ?? 0);
