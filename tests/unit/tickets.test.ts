import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { signTicket, verifyTicket, type Ticket } from '../../broker/tickets.ts';

const tickets = suite('broker/tickets');
const key = Buffer.alloc(32, 3);
const ticket: Ticket = { peerId: 'p1', sessionId: 's1', role: 'listener', expiresAt: 2_000 };

tickets('verifies a ticket it signed', () => {
  assert.equal(verifyTicket(key, signTicket(key, ticket), 1_000), { ok: true, ticket });
});

tickets('refuses a ticket at and after its expiry', () => {
  assert.equal(verifyTicket(key, signTicket(key, ticket), 2_000), { ok: false, reason: 'expired' });
});

tickets('refuses a ticket signed with another key or altered', () => {
  assert.equal(verifyTicket(Buffer.alloc(32, 4), signTicket(key, ticket), 1_000),
    { ok: false, reason: 'forged' });
  const [version, , signature] = signTicket(key, ticket).split('.');
  const altered = Buffer.from(JSON.stringify({ ...ticket, role: 'sender' })).toString('base64url');
  assert.equal(verifyTicket(key, `${version}.${altered}.${signature}`, 1_000),
    { ok: false, reason: 'forged' });
});

tickets('refuses malformed tokens', () => {
  for (const token of ['', 'v1', 'v1.a', 'v2.a.b', 'v1.a.b.c']) {
    assert.equal(verifyTicket(key, token, 1_000), { ok: false, reason: 'malformed' }, token);
  }
});

tickets.run();
