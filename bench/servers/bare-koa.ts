import Koa from 'koa';
import { once } from 'node:events';

import { isRecord, parseJson } from '../../server/json.ts';
import { reportToBench } from './report.ts';

/**
 * The plain way to answer a route with Koa: one handler that sends a JSON body
 * it already has. The bench process hands over Sono's own answers in
 * BENCH_ANSWERS, so both servers send the same bytes.
 */
interface Answer {
  status: number;
  body: string;
}

const answers = readAnswers(process.env.BENCH_ANSWERS ?? '[]');
const app = new Koa();
app.use((ctx) => {
  const answer = answers.get(`${ctx.method} ${ctx.path}`);
  if (!answer) return;
  ctx.status = answer.status;
  ctx.type = 'application/json';
  ctx.body = answer.body;
});

const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('Koa is not on a TCP port');

reportToBench(`http://127.0.0.1:${address.port}`, () => new Promise((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
}));

function readAnswers(json: string): Map<string, Answer> {
  const list = parseJson(json);
  if (!Array.isArray(list)) throw new Error('BENCH_ANSWERS must be a JSON array');
  const items: unknown[] = list;
  const answers = new Map<string, Answer>();
  for (const item of items) {
    const { route, status, body } = isRecord(item) ? item : {};
    if (typeof route !== 'string' || typeof status !== 'number' || typeof body !== 'string') {
      throw new Error('each of BENCH_ANSWERS needs a route, a status and a body');
    }
    answers.set(route, { status, body });
  }
  return answers;
}
