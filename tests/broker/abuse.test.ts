import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import {
  asPeer, closeCode, connectPeer, delay, inbox, opened, until,
} from '../helpers/broker-client.ts';
import { createSession, joinSession, startTestSono, type TestSono } from '../helpers/sono.ts';

const abuse = suite<{ sono: TestSono }>('broker/gate');

abuse.before(async (context) => {
  context.sono = await startTestSono({ SONO_TRUST_PROXY: 'true', SONO_BROKER_PEERS_PER_ADDRESS: '3' });
});
abuse.after(async ({ sono }) => sono.close());

/** A sender and a listener of one session, connected, with what each receives. */
async function pair(sono: TestSono) {
  const created = await createSession(sono);
  const joined = await joinSession(sono, created.session.code);
  const sender = opened(await connectPeer(sono, asPeer(created.peer)));
  const listener = opened(await connectPeer(sono, asPeer(joined.peer)));
  return { created, joined, sender, listener, senderInbox: inbox(sender) };
}

abuse('cuts off a flooding peer while another session keeps signalling', async ({ sono }) => {
  const good = await pair(sono);
  const attacker = await createSession(sono);
  const flooder = opened(await connectPeer(sono, asPeer(attacker.peer)));
  const cut = closeCode(flooder);

  for (let i = 0; i < 500 && flooder.readyState === flooder.OPEN; i++) {
    flooder.send(JSON.stringify({ type: 'HEARTBEAT' }));
  }
  assert.is(await cut, 1008);

  good.listener.send(JSON.stringify({ type: 'OFFER', dst: good.created.peer.id, payload: { n: 1 } }));
  await until(() => good.senderInbox.length === 1);
  assert.equal(good.senderInbox.at(0), {
    type: 'OFFER', dst: good.created.peer.id, payload: { n: 1 }, src: good.joined.peer.id,
  });
  good.sender.close();
  good.listener.close();
});

abuse('closes a peer that sends garbage, binary or unknown frames', async ({ sono }) => {
  const frames: (string | Buffer)[] = [
    'not json', '[]', '{"type":"OPEN"}', '{"type":"OFFER"}', '{"type":"OFFER","dst":42}',
    Buffer.from([1, 2, 3]),
  ];
  for (const frame of frames) {
    const created = await createSession(sono);
    const socket = opened(await connectPeer(sono, asPeer(created.peer)));
    const closed = closeCode(socket);
    socket.send(frame, { binary: Buffer.isBuffer(frame) });
    assert.is(await closed, 1008, String(frame));
  }
});

abuse('never relays into another session', async ({ sono }) => {
  const victim = await pair(sono);
  const intruder = await createSession(sono);
  const socket = opened(await connectPeer(sono, asPeer(intruder.peer)));
  const closed = closeCode(socket);
  socket.send(JSON.stringify({ type: 'OFFER', dst: victim.created.peer.id, payload: {} }));
  assert.is(await closed, 1008);
  await delay(200);
  assert.equal(victim.senderInbox.all(), []);
  victim.sender.close();
  victim.listener.close();
});

abuse('holds only so many messages for a peer that is not there', async ({ sono }) => {
  const created = await createSession(sono);
  const joined = await joinSession(sono, created.session.code);
  const sender = opened(await connectPeer(sono, asPeer(created.peer)));
  for (let i = 0; i < 80; i++) {
    sender.send(JSON.stringify({ type: 'CANDIDATE', dst: joined.peer.id, payload: { i } }));
  }
  await delay(300);

  const listener = opened(await connectPeer(sono, asPeer(joined.peer)));
  const received = inbox(listener);
  await delay(500);
  assert.is(received.length, 50);
  assert.is(sender.readyState, sender.OPEN, 'a peer is not punished for an absent partner');
  sender.close();
  listener.close();
});

abuse('caps the peers connected from one address', async ({ sono }) => {
  const from = (address: string) => ({ Origin: sono.url, 'X-Forwarded-For': address });
  const sockets = [];
  for (let i = 0; i < 3; i++) {
    const created = await createSession(sono);
    sockets.push(opened(await connectPeer(sono, asPeer(created.peer), from('203.0.113.50'))));
  }
  const fourth = await createSession(sono);
  const refused = await connectPeer(sono, asPeer(fourth.peer), from('203.0.113.50'));
  assert.is(refused.opened ? 'open' : refused.status, 503);
  const elsewhere = await connectPeer(sono, asPeer(fourth.peer), from('198.51.100.50'));
  opened(elsewhere).close();

  const first = sockets[0];
  if (first) {
    const gone = closeCode(first);
    first.close();
    await gone;
  }
  await delay(50);
  opened(await connectPeer(sono, asPeer(fourth.peer), from('203.0.113.50'))).close();
  for (const socket of sockets) socket.close();
});

abuse.run();

const full = suite<{ sono: TestSono }>('broker/gate total');

full.before(async (context) => {
  context.sono = await startTestSono({ SONO_BROKER_MAX_PEERS: '2' });
});
full.after(async ({ sono }) => sono.close());

full('refuses peers past the total cap with 503', async ({ sono }) => {
  const first = opened(await connectPeer(sono, asPeer((await createSession(sono)).peer)));
  const second = opened(await connectPeer(sono, asPeer((await createSession(sono)).peer)));
  const third = await connectPeer(sono, asPeer((await createSession(sono)).peer));
  assert.is(third.opened ? 'open' : third.status, 503);
  first.close();
  second.close();
});

full.run();
