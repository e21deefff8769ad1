import { WebSocket, WebSocketServer } from 'ws';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { signTicket } from '../../broker/tickets.ts';
import { loadKeys } from '../../server/secrets.ts';
import { connectPeer, type Outcome } from '../helpers/broker-client.ts';
import { createSession, joinSession, startTestSono, type TestSono } from '../helpers/sono.ts';

const broker = suite<{ sono: TestSono; ticketKey: Buffer }>('broker');

broker.before(async (context) => {
  context.sono = await startTestSono();
  context.ticketKey = (await loadKeys(context.sono.dataDir, undefined)).tickets;
});
broker.after(async ({ sono }) => sono.close());

/** Connects as the peerjs client would, from the given Origin (none when null). */
const connect = (sono: TestSono, query: Record<string, string>, origin: string | null = sono.url) =>
  connectPeer(sono, query, origin === null ? {} : { Origin: origin });

const asPeer = (id: string, token: string) => ({ key: 'sono', id, token });

function statusOf(outcome: Outcome): number | 'open' {
  if (outcome.opened) outcome.socket.close();
  return outcome.opened ? 'open' : outcome.status;
}

broker('admits a peer whose ticket names it', async ({ sono }) => {
  const created = await createSession(sono);
  const outcome = await connect(sono, asPeer(created.peer.id, created.peer.ticket));
  assert.ok(outcome.opened);
  assert.equal(outcome.first, { type: 'OPEN' });
  outcome.socket.close();
});

broker('refuses a missing ticket', async ({ sono }) => {
  const created = await createSession(sono);
  assert.is(statusOf(await connect(sono, { key: 'sono', id: created.peer.id })), 400);
});

broker('refuses a forged ticket', async ({ sono }) => {
  const created = await createSession(sono);
  const [version, body] = created.peer.ticket.split('.');
  const forged = `${version}.${body}.${Buffer.alloc(32, 7).toString('base64url')}`;
  assert.is(statusOf(await connect(sono, asPeer(created.peer.id, forged))), 401);

  const otherKey = signTicket(Buffer.alloc(32, 1), {
    peerId: created.peer.id, sessionId: created.session.id, role: 'sender', expiresAt: Date.now() + 60_000,
  });
  assert.is(statusOf(await connect(sono, asPeer(created.peer.id, otherKey))), 401);
});

broker('refuses an expired ticket', async ({ sono, ticketKey }) => {
  const created = await createSession(sono);
  const expired = signTicket(ticketKey, {
    peerId: created.peer.id, sessionId: created.session.id, role: 'sender', expiresAt: Date.now() - 1,
  });
  assert.is(statusOf(await connect(sono, asPeer(created.peer.id, expired))), 401);
});

broker('refuses another peer\'s or another session\'s ticket', async ({ sono }) => {
  const first = await createSession(sono);
  const second = await createSession(sono);
  const listener = await joinSession(sono, first.session.code);
  assert.is(statusOf(await connect(sono, asPeer(first.peer.id, second.peer.ticket))), 401);
  assert.is(statusOf(await connect(sono, asPeer(first.peer.id, listener.peer.ticket))), 401);
  assert.is(statusOf(await connect(sono, asPeer(listener.peer.id, first.peer.ticket))), 401);
});

broker('refuses a ticket of a session its sender has ended', async ({ sono }) => {
  const created = await createSession(sono);
  const ended = await sono.api(`/api/sessions/${created.session.id}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${created.peer.ticket}` },
  });
  assert.is(ended.status, 204);
  assert.is(statusOf(await connect(sono, asPeer(created.peer.id, created.peer.ticket))), 410);
});

broker('refuses a foreign or missing Origin', async ({ sono }) => {
  const created = await createSession(sono);
  const peer = asPeer(created.peer.id, created.peer.ticket);
  assert.is(statusOf(await connect(sono, peer, 'https://evil.example')), 403);
  assert.is(statusOf(await connect(sono, peer, null)), 403);
});

broker('relays signalling between the peers of a session', async ({ sono }) => {
  const created = await createSession(sono);
  const joined = await joinSession(sono, created.session.code);
  const sender = await connect(sono, asPeer(created.peer.id, created.peer.ticket));
  const listener = await connect(sono, asPeer(joined.peer.id, joined.peer.ticket));
  assert.ok(sender.opened && listener.opened);

  const received = new Promise<unknown>((resolve) =>
    sender.socket.once('message', (data) => resolve(JSON.parse(String(data)))));
  listener.socket.send(JSON.stringify({ type: 'OFFER', dst: created.peer.id, payload: { sdp: 'x' } }));
  assert.equal(await received, {
    type: 'OFFER', dst: created.peer.id, payload: { sdp: 'x' }, src: joined.peer.id,
  });
  sender.socket.close();
  listener.socket.close();
});

broker('lets a peer reconnect under its id while its old socket lingers', async ({ sono }) => {
  const created = await createSession(sono);
  const joined = await joinSession(sono, created.session.code);
  const first = await connect(sono, asPeer(created.peer.id, created.peer.ticket));
  assert.ok(first.opened);
  const firstClosed = new Promise((resolve) => first.socket.once('close', resolve));

  const again = await connect(sono, asPeer(created.peer.id, created.peer.ticket));
  assert.ok(again.opened);
  assert.equal(again.first, { type: 'OPEN' });
  await firstClosed;

  const listener = await connect(sono, asPeer(joined.peer.id, joined.peer.ticket));
  assert.ok(listener.opened);
  const received = new Promise<unknown>((resolve) =>
    again.socket.once('message', (data) => resolve(JSON.parse(String(data)))));
  listener.socket.send(JSON.stringify({ type: 'OFFER', dst: created.peer.id, payload: {} }));
  assert.equal(await received, { type: 'OFFER', dst: created.peer.id, payload: {}, src: joined.peer.id });
  again.socket.close();
  listener.socket.close();
});

broker('closes a peer that sends an oversized frame', async ({ sono }) => {
  const created = await createSession(sono);
  const outcome = await connect(sono, asPeer(created.peer.id, created.peer.ticket));
  assert.ok(outcome.opened);
  const closed = new Promise<number>((resolve) => outcome.socket.once('close', resolve));
  outcome.socket.send('x'.repeat(128 * 1024));
  assert.is(await closed, 1009);
});

broker('leaves WebSockets on other paths of the same server alone', async ({ sono }) => {
  const echo = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: import('node:http').IncomingMessage, socket: import('node:stream').Duplex,
    head: Buffer) => {
    if (request.url !== '/echo') return;
    echo.handleUpgrade(request, socket, head, (ws) => ws.on('message', (data) => ws.send(data)));
  };
  sono.server.on('upgrade', onUpgrade);
  try {
    const socket = new WebSocket(`${sono.url.replace('http', 'ws')}/echo`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send('hello');
    assert.is(await reply, 'hello');
    socket.close();
  } finally {
    sono.server.off('upgrade', onUpgrade);
    echo.close();
  }
});

broker.run();
