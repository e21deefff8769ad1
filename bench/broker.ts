import { randomBytes } from 'node:crypto';

import { startServer, type ServerChild } from './child-server.ts';
import type { MemoryFigures } from './servers/report.ts';
import {
  connectAll, keepAlive, stillOpen, type BenchPeer, type BrokerAddress, type Credentials,
} from './broker-peers.ts';
import { freeCredentials, ticketsFromApi } from './broker-tickets.ts';
import { delay, fixed, machine, quantile, ratio, table } from './figures.ts';
import { pingPong } from './ping-pong.ts';

/** Peers asked to connect to each server, this many at a time. */
const PEERS = 2000;
const BATCH = 100;
/** One sender and nine listeners: pairs never straddle two sessions. */
const PEERS_PER_SESSION = 10;
/** Each peer sends this many OFFERs a second, well under the gate's 20 (burst 100). */
const PER_PAIR_HZ = 5;
/** Relayed messages a second, all pairs together (each round trip is two). */
const MESSAGE_RATES = [1000, 2000];
/** The servers take turns in short slices, so other load on the machine hits both alike. */
const SLICES = 4;
const SLICE_SECONDS = 2.5;
const PAIRS_NOTE = `pairs ping-pong OFFERs at ${PER_PAIR_HZ}/s each, `
  + `${SLICES * SLICE_SECONDS} s per rate`;
const KIB = 1024;

interface Target {
  script: string;
  socketPath: string;
  key: string;
  credentials(url: string, secret: string): Promise<Credentials[]>;
}

const SONO: Target = {
  script: 'sono',
  socketPath: '/peerjs/peerjs',
  key: 'sono',
  credentials: (url, secret) => ticketsFromApi(url, secret, PEERS, PEERS_PER_SESSION),
};

/** A stock peer server with its defaults takes any id and token under its key "peerjs". */
const STOCK_PEER: Target = {
  script: 'peer',
  socketPath: '/peerjs',
  key: 'peerjs',
  credentials: async () => freeCredentials(PEERS),
};

interface Held {
  server: ServerChild;
  /** Peers in the order of their credentials, null where refused. */
  slots: (BenchPeer | null)[];
  peers: BenchPeer[];
  before: MemoryFigures;
  connectSeconds: number;
}

interface RoundTrips {
  sent: number;
  samples: number[];
  cpuMicros: number;
}

interface Figures {
  held: number;
  /** Still connected after the round trips: the gate cut nobody off for their rate. */
  heldAtEnd: number;
  connectSeconds: number;
  rssPerPeer: number;
  heapPerPeer: number;
  rtts: RoundTrips[];
}

/** Broker capacity and signalling round trips: Sono's gated broker next to a stock peer server. */
export async function benchBroker(): Promise<void> {
  const held: Held[] = [];
  try {
    for (const target of [SONO, STOCK_PEER]) held.push(await connectTo(target));
    const stopBeating = held.map(({ peers }) => keepAlive(peers));
    await delay(1000);

    const figures = await Promise.all(held.map(memoryFigures));
    for (const rate of MESSAGE_RATES) {
      const trips = await roundTrips(rate, held);
      figures.forEach((f, i) => f.rtts.push(trips[i] ?? { sent: 0, samples: [], cpuMicros: 0 }));
    }
    for (const stop of stopBeating) stop();
    for (const [i, { peers }] of held.entries()) {
      const f = figures[i];
      if (f) f.heldAtEnd = stillOpen(peers);
    }

    const [sono, stock] = figures;
    if (sono && stock) printFigures(sono, stock);
  } finally {
    for (const { server, peers } of held) {
      for (const { socket } of peers) socket.terminate();
      await server.stop();
    }
  }
}

async function connectTo(target: Target): Promise<Held> {
  const secret = randomBytes(32).toString('base64url');
  const server = await startServer(target.script, { SONO_SECRET: secret });
  try {
    const credentials = await target.credentials(server.url, secret);
    const broker: BrokerAddress = {
      socketUrl: server.url.replace(/^http/, 'ws') + target.socketPath,
      key: target.key,
      origin: server.url,
    };

    const before = await server.memory();
    const started = performance.now();
    const slots = await connectAll(broker, credentials, BATCH);
    const connectSeconds = (performance.now() - started) / 1000;
    return { server, slots, peers: slots.filter((peer) => peer !== null), before, connectSeconds };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function memoryFigures({ server, peers, before, connectSeconds }: Held): Promise<Figures> {
  const after = await server.memory();
  const held = stillOpen(peers);
  return {
    held,
    heldAtEnd: 0,
    connectSeconds,
    rssPerPeer: (after.rss - before.rss) / held / KIB,
    heapPerPeer: (after.heapUsed - before.heapUsed) / held / KIB,
    rtts: [],
  };
}

/** Round trips at `rate` through each server, the servers taking turns slice by slice. */
async function roundTrips(rate: number, held: Held[]): Promise<RoundTrips[]> {
  const totals = held.map((): RoundTrips => ({ sent: 0, samples: [], cpuMicros: 0 }));
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, { server, slots }] of held.entries()) {
      const total = totals[i];
      if (!total) continue;
      const cpuBefore = await server.cpuMicros();
      const pairs = pairUp(slots, rate / (2 * PER_PAIR_HZ));
      const trips = await pingPong(pairs, PER_PAIR_HZ, SLICE_SECONDS);
      total.cpuMicros += await server.cpuMicros() - cpuBefore;
      total.sent += trips.sent;
      total.samples.push(...trips.samples);
    }
  }
  return totals;
}

function printFigures(sono: Figures, stock: Figures): void {
  const row = (label: string, pick: (f: Figures) => number, digits = 1) =>
    [label, fixed(pick(sono), digits), fixed(pick(stock), digits), ratio(pick(sono), pick(stock))];
  const rows = [
    ['broker', 'Sono', 'peer', 'Sono/peer'],
    row(`peers held (of ${PEERS})`, (f) => f.held, 0),
    row('  still held at the end', (f) => f.heldAtEnd, 0),
    row('connect all (s)', (f) => f.connectSeconds),
    row('RSS per peer (KiB)', (f) => f.rssPerPeer),
    row('heap per peer (KiB)', (f) => f.heapPerPeer),
  ];
  MESSAGE_RATES.forEach((rate, i) => {
    const trips = (f: Figures): RoundTrips => f.rtts[i] ?? { sent: 0, samples: [], cpuMicros: 0 };
    rows.push(row(`RTT p50 @ ${rate} msg/s (ms)`, (f) => quantile(trips(f).samples, 0.5), 2));
    rows.push(row(`RTT p90 @ ${rate} msg/s (ms)`, (f) => quantile(trips(f).samples, 0.9), 2));
    rows.push(row('  server CPU per 1000 OFFERs (ms)',
      (f) => trips(f).cpuMicros / (2 * trips(f).samples.length), 1));
    rows.push(row('  unanswered', (f) => trips(f).sent - trips(f).samples.length, 0));
  });
  process.stdout.write(`\n${table(rows)}`);
  process.stdout.write(`${PAIRS_NOTE}; server CPU includes the idle peers' heartbeats; `
    + `${machine()}\n`);
}

/** Neighbours as pairs, (0, 1), (2, 3), …, which share a session; skips refused peers. */
function pairUp(slots: readonly (BenchPeer | null)[], count: number): [BenchPeer, BenchPeer][] {
  const pairs: [BenchPeer, BenchPeer][] = [];
  for (let i = 0; i + 1 < slots.length && pairs.length < count; i += 2) {
    const [caller, answerer] = [slots[i], slots[i + 1]];
    if (caller && answerer) pairs.push([caller, answerer]);
  }
  return pairs;
}
