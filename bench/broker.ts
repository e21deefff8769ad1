import { startServer } from './child-server.ts';
import { connectAll, keepAlive, stillOpen, type BenchPeer, type Credentials } from './broker-peers.ts';
import { freeCredentials, ticketsFromApi } from './broker-tickets.ts';
import { delay, fixed, quantile, ratio, table } from './figures.ts';
import { pingPong } from './ping-pong.ts';

/** Peers asked to connect, this many at a time. */
const PEERS = 2000;
const BATCH = 100;
/** One sender and nine listeners: pairs never straddle two sessions. */
const PEERS_PER_SESSION = 10;
/** Each peer sends this many OFFERs a second, well under the gate's 20 (burst 100). */
const PER_PAIR_HZ = 5;
/** Relayed messages a second, all pairs together (each round trip is two). */
const MESSAGE_RATES = [1000, 4000];
const RTT_SECONDS = 10;
const KIB = 1024;

interface Target {
  name: string;
  script: string;
  socketPath: string;
  key: string;
  credentials(url: string): Promise<Credentials[]>;
}

const SONO: Target = {
  name: 'Sono',
  script: 'sono',
  socketPath: '/peerjs/peerjs',
  key: 'sono',
  credentials: (url) => ticketsFromApi(url, PEERS, PEERS_PER_SESSION),
};

/** A stock peer server with its defaults takes any id and token under its key "peerjs". */
const STOCK_PEER: Target = {
  name: 'peer',
  script: 'peer',
  socketPath: '/peerjs',
  key: 'peerjs',
  credentials: async () => freeCredentials(PEERS),
};

interface Figures {
  held: number;
  connectSeconds: number;
  rssPerPeer: number;
  heapPerPeer: number;
  rtts: { rate: number; sent: number; samples: number[] }[];
}

/** Broker capacity and signalling round trips: Sono's gated broker next to a stock peer server. */
export async function benchBroker(): Promise<void> {
  const sono = await measure(SONO);
  const stock = await measure(STOCK_PEER);
  const row = (label: string, pick: (f: Figures) => number, digits = 1) =>
    [label, fixed(pick(sono), digits), fixed(pick(stock), digits), ratio(pick(sono), pick(stock))];
  const rows = [
    ['broker', 'Sono', 'peer', 'Sono/peer'],
    row(`peers held (of ${PEERS})`, (f) => f.held, 0),
    row('connect all (s)', (f) => f.connectSeconds),
    row('RSS per peer (KiB)', (f) => f.rssPerPeer),
    row('heap per peer (KiB)', (f) => f.heapPerPeer),
  ];
  MESSAGE_RATES.forEach((rate, i) => {
    const rtt = (f: Figures) => f.rtts[i]?.samples ?? [];
    rows.push(row(`RTT p50 @ ${rate} msg/s (ms)`, (f) => quantile(rtt(f), 0.5), 2));
    rows.push(row(`RTT p90 @ ${rate} msg/s (ms)`, (f) => quantile(rtt(f), 0.9), 2));
    rows.push(row(`  replies lost (of sent)`, (f) => (f.rtts[i]?.sent ?? 0) - rtt(f).length, 0));
  });
  process.stdout.write(`\n${table(rows)}`);
}

async function measure(target: Target): Promise<Figures> {
  process.stderr.write(`broker: measuring ${target.name}\n`);
  const server = await startServer(target.script);
  let peers: BenchPeer[] = [];
  try {
    const credentials = await target.credentials(server.url);
    const broker = {
      socketUrl: server.url.replace(/^http/, 'ws') + target.socketPath,
      key: target.key,
      origin: server.url,
    };
    const before = await server.memory();
    const started = performance.now();
    const slots = await connectAll(broker, credentials, BATCH);
    peers = slots.filter((peer) => peer !== null);
    const connectSeconds = (performance.now() - started) / 1000;
    const stopBeating = keepAlive(peers);
    await delay(1000);

    const held = stillOpen(peers);
    const after = await server.memory();
    const rtts = [];
    for (const rate of MESSAGE_RATES) {
      const pairs = pairUp(slots, rate / (2 * PER_PAIR_HZ));
      rtts.push({ rate, ...await pingPong(pairs, PER_PAIR_HZ, RTT_SECONDS) });
    }
    stopBeating();
    return {
      held,
      connectSeconds,
      rssPerPeer: (after.rss - before.rss) / held / KIB,
      heapPerPeer: (after.heapUsed - before.heapUsed) / held / KIB,
      rtts,
    };
  } finally {
    for (const { socket } of peers) socket.terminate();
    await server.stop();
  }
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
