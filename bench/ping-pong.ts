import { WebSocket, type RawData } from 'ws';

import { isRecord, type JsonRecord } from '../server/json.ts';
import { delay } from './figures.ts';
import { readMessage, type BenchPeer } from './broker-peers.ts';

export interface RoundTrips {
  sent: number;
  /** Round trip times in milliseconds, one per OFFER that came back. */
  samples: number[];
}

/** About the size of a real audio-only offer, so frames cost what they would. */
const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'
  + 'a=candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host generation 0\r\n'.repeat(12)
  + 'a=fmtp:111 minptime=10;useinbandfec=1;stereo=1;maxaveragebitrate=510000\r\n'.repeat(12);
/** Time for the last replies to arrive once sending stops. */
const DRAIN_MS = 500;

/**
 * Each pair's first peer sends an OFFER to the second at `perPairHz` on a fixed
 * schedule (not waiting for replies), the second sends it straight back, and
 * the first times the round trip through the broker.
 */
export async function pingPong(pairs: readonly (readonly [BenchPeer, BenchPeer])[],
  perPairHz: number, seconds: number): Promise<RoundTrips> {
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  let seq = 0;
  const detach: (() => void)[] = [];

  for (const [caller, answerer] of pairs) {
    detach.push(listen(answerer.socket, (message) => {
      if (typeof message.src === 'string') send(answerer.socket, message.src, message.payload);
    }));
    detach.push(listen(caller.socket, (message) => {
      const echoed = isRecord(message.payload) ? message.payload.seq : undefined;
      const at = typeof echoed === 'number' ? sentAt.get(echoed) : undefined;
      if (typeof echoed !== 'number' || at === undefined) return;
      samples.push(performance.now() - at);
      sentAt.delete(echoed);
    }));
  }

  const timers = pairs.map(([caller, answerer]) => {
    const tick = () => {
      seq += 1;
      sentAt.set(seq, performance.now());
      send(caller.socket, answerer.id, { type: 'media', connectionId: `mc_${seq}`, seq, sdp: SDP });
    };
    // Phases spread over one period so the pairs do not all send in the same tick.
    let interval: NodeJS.Timeout | undefined;
    const start = setTimeout(() => {
      tick();
      interval = setInterval(tick, 1000 / perPairHz);
    }, Math.random() * (1000 / perPairHz));
    return () => { clearTimeout(start); clearInterval(interval); };
  });

  await delay(seconds * 1000);
  for (const stop of timers) stop();
  await delay(DRAIN_MS);
  for (const off of detach) off();
  return { sent: seq, samples };
}

function send(socket: WebSocket, dst: string, payload: unknown): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify({ type: 'OFFER', dst, payload }));
}

function listen(socket: WebSocket, onOffer: (message: JsonRecord) => void): () => void {
  const handler = (data: RawData) => {
    const message = readMessage(data);
    if (message?.type === 'OFFER') onOffer(message);
  };
  socket.on('message', handler);
  return () => socket.off('message', handler);
}
