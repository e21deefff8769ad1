import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { mintTurnCredential } from '../../api/turn-credentials.ts';
import { allocate, startCoturn, type Coturn } from '../helpers/coturn.ts';
import { createSession, field, joinSession, startTestSono, text, type TestSono } from '../helpers/sono.ts';

const turn = suite<{ coturn: Coturn; sono: TestSono }>('api/sessions TURN credentials');

turn.before(async (context) => {
  context.coturn = await startCoturn();
  context.sono = await startTestSono({
    SONO_TURN_URLS: context.coturn.url, SONO_TURN_SECRET: context.coturn.secret,
  });
});
turn.after(async ({ coturn, sono }) => {
  await sono?.close();
  await coturn?.stop();
});

interface TurnServer { urls: unknown; username: string; credential: string }

function turnServerOf(answer: unknown): TurnServer {
  const servers = field(answer, 'iceServers');
  if (!Array.isArray(servers) || servers.length !== 1) throw new Error('expected one TURN entry');
  const server: unknown = servers[0];
  return { urls: field(server, 'urls'), username: text(server, 'username'), credential: text(server, 'credential') };
}

turn('hands out credentials that expire with the session and allocate a relay', async ({ coturn, sono }) => {
  const response = await sono.api('/api/sessions', { method: 'POST', json: {} });
  const answer: unknown = await response.json();
  const server = turnServerOf(answer);
  const endsAt = Date.parse(text(field(answer, 'session'), 'endsAt'));

  assert.equal(server.urls, [coturn.url]);
  assert.is(Number(server.username.split(':')[0]), Math.floor(endsAt / 1000));
  assert.is(await allocate(coturn.port, server.username, server.credential), 'allocated');
});

turn('gives a listener credentials of its own that allocate too', async ({ coturn, sono }) => {
  const created = await createSession(sono);
  const response = await sono.api('/api/sessions/join', { method: 'POST', json: { code: created.session.code } });
  const server = turnServerOf(await response.json());
  assert.is(await allocate(coturn.port, server.username, server.credential), 'allocated');
});

turn('credentials coturn refuses: forged, or past their expiry', async ({ coturn }) => {
  const forged = mintTurnCredential('not-the-shared-secret', Date.now() + 3600_000);
  assert.is(await allocate(coturn.port, forged.username, forged.credential), 'refused');
  const expired = mintTurnCredential(coturn.secret, Date.now() - 60_000);
  assert.is(await allocate(coturn.port, expired.username, expired.credential), 'refused');
  const stretched = mintTurnCredential(coturn.secret, Date.now() + 3600_000);
  const later = `${Math.floor(Date.now() / 1000) + 7200}:${stretched.username.split(':')[1]}`;
  assert.is(await allocate(coturn.port, later, stretched.credential), 'refused');
});

turn('refreshes credentials only for a ticket of that live session', async ({ sono }) => {
  const created = await createSession(sono);
  const other = await createSession(sono);
  const listener = await joinSession(sono, created.session.code);
  const refresh = (ticket?: string) => sono.api(`/api/sessions/${created.session.id}/ice`, {
    method: 'POST', headers: ticket === undefined ? {} : { Authorization: `Bearer ${ticket}` },
  });

  assert.is((await refresh()).status, 401);
  assert.is((await refresh(other.peer.ticket)).status, 403);
  const fresh = await refresh(listener.peer.ticket);
  assert.is(fresh.status, 200);
  const answer: unknown = await fresh.json();
  assert.is(field(answer, 'iceTransportPolicy'), 'all');
  turnServerOf(answer);

  await sono.api(`/api/sessions/${created.session.id}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${created.peer.ticket}` },
  });
  assert.is((await refresh(created.peer.ticket)).status, 410);
});

turn.run();
