import Router from '@koa/router';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Context } from 'koa';

import { signTicket, verifyTicket, type Role, type Ticket } from '../broker/tickets.ts';
import { clientPseudonym } from '../server/client-address.ts';
import { readJsonObject } from './body.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError, fieldError } from './errors.ts';
import { iceFor } from './ice.ts';
import { CODE_ALPHABET, CODE_LENGTH, normalizeCode } from './pairing-code.ts';
import { currentAccount } from './login-cookie.ts';
import { describeWait, spendAttempt } from './rate-limit.ts';
import type { AccountRow, NewSession, SessionRow } from './store.ts';

const JOIN_WINDOW_MS = 15 * 60 * 1000;
const CREATE_WINDOW_MS = 60 * 60 * 1000;
const INSERT_TRIES = 5;
/**
 * A plus session has no time limit, but its broker tickets need an expiry: a day
 * bounds what a leaked ticket could do, and the laptop simply starts another.
 */
const PLUS_SESSION_MS = 24 * 60 * 60 * 1000;

/** Streaming sessions: a sender creates one, listeners join it by code, the sender ends it. */
export function sessionRoutes(deps: ApiDeps): Router {
  const { config, keys, store, log } = deps;
  const router = new Router({ prefix: '/api/sessions' });
  const client = (ctx: Context) => clientPseudonym(keys.clients, ctx.ip);

  router.post('/', async (ctx) => {
    await readJsonObject(ctx);
    const limit = { name: 'create', max: config.sessionsPerHour, windowMs: CREATE_WINDOW_MS };
    await spendAttempt(store, limit, client(ctx));

    const now = Date.now();
    const account = await currentAccount(ctx, deps);
    const { endsAt, cooldownEndsAt } = await claimTime(deps, account, now);
    const id = randomBytes(16).toString('hex');
    const senderPeerId = peerIdFor(id, 'sender');
    const code = await insertWithFreshCode(deps,
      { id, senderPeerId, createdAt: now, endsAt, accountId: account?.id ?? null });
    log.info('session created', { session: id, endsAt: new Date(endsAt).toISOString() });

    ctx.status = 201;
    ctx.body = {
      session: {
        id,
        code,
        endsAt: new Date(endsAt).toISOString(),
        cooldownEndsAt: cooldownEndsAt === null ? null : new Date(cooldownEndsAt).toISOString(),
      },
      peer: { id: senderPeerId, ticket: ticketFor(deps, id, senderPeerId, 'sender', endsAt) },
      ...iceFor(config, endsAt),
    };
  });

  router.post('/join', async (ctx) => {
    const body = await readJsonObject(ctx);
    const code = typeof body.code === 'string' ? normalizeCode(body.code) : null;
    if (code === null) {
      throw fieldError('code', 'A pairing code has 8 letters and digits, like ABCD-EFGH.');
    }
    const limit = { name: 'join', max: config.joinFailuresPer15Min, windowMs: JOIN_WINDOW_MS };
    const attempt = await spendAttempt(store, limit, client(ctx));

    const session = await store.sessionByCodeHash(hashCode(keys.clients, code));
    assertLive(session, Date.now());
    await attempt.refund();

    const listenerId = peerIdFor(session.id, 'listener');
    log.info('listener joined', { session: session.id });
    ctx.body = {
      session: { id: session.id, endsAt: new Date(session.endsAt).toISOString() },
      senderPeerId: session.senderPeerId,
      peer: { id: listenerId, ticket: ticketFor(deps, session.id, listenerId, 'listener', session.endsAt) },
      ...iceFor(config, session.endsAt),
    };
  });

  // Fresh TURN credentials for a peer of a live session, e.g. after a long pause.
  router.post('/:id/ice', async (ctx) => {
    const ticket = ticketOf(ctx, keys.tickets);
    if (ticket.sessionId !== ctx.params.id) {
      throw new ApiError(403, 'other_session', 'This ticket belongs to another stream.');
    }
    const session = await store.sessionById(ticket.sessionId);
    assertLive(session, Date.now());
    ctx.body = iceFor(config, session.endsAt);
  });

  router.delete('/:id', async (ctx) => {
    const ticket = ticketOf(ctx, keys.tickets);
    if (ticket.role !== 'sender' || ticket.sessionId !== ctx.params.id) {
      throw new ApiError(403, 'not_the_sender', 'Only the laptop that started a session can end it.');
    }
    const cooldownMs = Math.round(config.cooldownMinutes * 60_000);
    await store.endSession(ticket.sessionId, Date.now(), cooldownMs);
    log.info('session ended by its sender', { session: ticket.sessionId });
    ctx.status = 204;
  });

  return router;
}

/**
 * How long a new session may run, and when the next free one may start. For a
 * signed-in free account the API holds the cooldown itself, with one UPDATE that
 * only one of many concurrent requests can win. Without an account the cooldown
 * is the laptop's to keep (in localStorage): there is nobody to hold it against.
 */
async function claimTime(
  { config, store }: ApiDeps,
  account: AccountRow | null,
  now: number,
): Promise<{ endsAt: number; cooldownEndsAt: number | null }> {
  if (account?.plan === 'plus') return { endsAt: now + PLUS_SESSION_MS, cooldownEndsAt: null };
  const endsAt = now + Math.round(config.sessionMinutes * 60_000);
  const cooldownEndsAt = endsAt + Math.round(config.cooldownMinutes * 60_000);
  if (!account) return { endsAt, cooldownEndsAt };

  const claim = await store.claimFreeSession(account.id, now, cooldownEndsAt);
  if (!claim.ok) {
    const retryAfterSeconds = Math.max(1, Math.ceil((claim.nextFreeAt - now) / 1000));
    throw new ApiError(429, 'cooldown', 'Your free session has been used. The next one can '
      + `start in ${describeWait(retryAfterSeconds)}, or right away with Sono Plus.`,
    { retryAfterSeconds });
  }
  return { endsAt, cooldownEndsAt };
}

/**
 * Every peer id of a session starts with the session id, so a sender can tell
 * its own listeners apart; the random tail keeps ids unguessable.
 */
export function peerIdFor(sessionId: string, role: Role): string {
  return `${sessionId}${role === 'sender' ? 's' : 'l'}${randomBytes(12).toString('hex')}`;
}

function ticketFor(deps: ApiDeps, sessionId: string, peerId: string, role: Role, expiresAt: number) {
  return signTicket(deps.keys.tickets, { peerId, sessionId, role, expiresAt });
}

/** Codes are stored only as a keyed hash, so the database never holds one readable. */
function hashCode(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(`pairing code ${code}`).digest('base64url');
}

async function insertWithFreshCode(
  { store, keys }: ApiDeps,
  session: Omit<NewSession, 'codeHash'>,
): Promise<string> {
  for (let attempt = 0; attempt < INSERT_TRIES; attempt++) {
    const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(32)]).join('');
    if (await store.insertSession({ ...session, codeHash: hashCode(keys.clients, code) })) return code;
  }
  throw new Error(`no free pairing code after ${INSERT_TRIES} tries`);
}

function assertLive(session: SessionRow | null, now: number): asserts session is SessionRow {
  if (session === null) {
    throw new ApiError(404, 'code_not_found', 'No stream has this code. Check it on the laptop.');
  }
  if (session.endedAt !== null) {
    throw new ApiError(410, 'session_ended', 'This stream has been stopped on the laptop.');
  }
  if (session.endsAt <= now) {
    throw new ApiError(410, 'session_expired', 'This stream has run out of time.');
  }
}

function ticketOf(ctx: Context, key: Buffer): Ticket {
  const check = verifyTicket(key, bearerToken(ctx));
  if (!check.ok) throw new ApiError(401, 'invalid_ticket', 'This ticket is not valid (any more).');
  return check.ticket;
}

function bearerToken(ctx: Context): string {
  const match = /^Bearer ([\w.-]{1,2048})$/.exec(ctx.get('Authorization'));
  if (!match?.[1]) {
    throw new ApiError(401, 'missing_ticket', 'Send the sender ticket as "Authorization: Bearer …".');
  }
  return match[1];
}
