import { startServer, type ServerChild } from './child-server.ts';
import { fixed, machine, quantile, ratio, table } from './figures.ts';
import { keepAliveAgent, runLoad, send, type Load, type LoadRequest } from './http-load.ts';

interface Route {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** The routes measured: health, "who am I" (signed out) and "create session". */
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/me' },
  { method: 'POST', path: '/api/sessions', body: '{}' },
];
const CONCURRENCY = 50;
const WARM_UP_SECONDS = 1;
/** Each target gets SLICES × SLICE_SECONDS, taking turns so both meet the same machine. */
const SLICES = 5;
const SLICE_SECONDS = 1;

/** Requests a second through Sono's API next to a bare Koa handler sending the same JSON. */
export async function benchApi(): Promise<void> {
  const started: ServerChild[] = [];
  try {
    const sono = await startServer('sono');
    started.push(sono);
    const answers = await Promise.all(ROUTES.map((route) => answerOf(sono.url, route)));
    const bare = await startServer('bare-koa', { BENCH_ANSWERS: JSON.stringify(answers) });
    started.push(bare);

    const rows = [['api', 'Sono req/s', 'Koa req/s', 'Sono/Koa', 'Sono p99 ms', 'Koa p99 ms']];
    for (const [i, route] of ROUTES.entries()) {
      const status = answers[i]?.status ?? 200;
      const [ours, plain] = await loadInTurns(route, status, [sono, bare]);
      if (!ours || !plain) continue;
      rows.push([
        `${route.method} ${route.path}`,
        fixed(perSecond(ours), 0),
        fixed(perSecond(plain), 0),
        ratio(perSecond(ours), perSecond(plain)),
        fixed(quantile(ours.latenciesMs, 0.99)),
        fixed(quantile(plain.latenciesMs, 0.99)),
      ]);
      const unexpected = ours.unexpected + plain.unexpected;
      if (unexpected > 0) rows.push([`  (${unexpected} answers not ${status})`]);
    }
    process.stdout.write(`\n${table(rows)}`);
    process.stdout.write(`${CONCURRENCY} keep-alive connections, ${SLICES * SLICE_SECONDS} s per `
      + `target; ${machine()}\n`);
  } finally {
    for (const server of started) await server.stop();
  }
}

/** Sono's answer to one request of the route: what the bare handler will send back. */
async function answerOf(url: string, route: Route):
  Promise<{ route: string; status: number; body: string }> {
  const response = await fetch(`${url}${route.path}`, {
    method: route.method,
    headers: headersFor(url, route),
    body: route.body,
  });
  const body = await response.text();
  return { route: `${route.method} ${route.path}`, status: response.status, body };
}

async function loadInTurns(route: Route, status: number, servers: ServerChild[]): Promise<Load[]> {
  const agents = servers.map(() => keepAliveAgent(CONCURRENCY));
  const requests = servers.map((server) => requestFor(server.url, route));
  const totals = servers.map((): Load => ({
    completed: 0, unexpected: 0, seconds: 0, latenciesMs: [],
  }));
  try {
    for (const [i, server] of servers.entries()) {
      const [agent, request] = [agents[i], requests[i]];
      if (!agent || !request) continue;
      await runLoad(agent, server.url, request, status, WARM_UP_SECONDS, CONCURRENCY);
    }
    for (let slice = 0; slice < SLICES; slice++) {
      for (const [i, server] of servers.entries()) {
        const [agent, request, total] = [agents[i], requests[i], totals[i]];
        if (!agent || !request || !total) continue;
        const load = await runLoad(agent, server.url, request, status, SLICE_SECONDS, CONCURRENCY);
        total.completed += load.completed;
        total.unexpected += load.unexpected;
        total.seconds += load.seconds;
        total.latenciesMs.push(...load.latenciesMs);
      }
    }
    return totals;
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

function requestFor(url: string, route: Route): LoadRequest {
  const headers = headersFor(url, route);
  if (route.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(route.body));
  return { method: route.method, path: route.path, headers, body: route.body };
}

/** As the app's own page sends it: with its Origin, and a JSON type when there is a body. */
function headersFor(url: string, route: Route): Record<string, string> {
  if (route.body === undefined) return { Origin: url };
  return { Origin: url, 'Content-Type': 'application/json' };
}

function perSecond(load: Load): number {
  return load.completed / load.seconds;
}
