import { createHmac, randomBytes } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
}

/**
 * coturn's REST scheme (use-auth-secret): the username is the expiry in Unix
 * seconds and an opaque id, the password the base64 HMAC-SHA1 of the username
 * under the secret Sono and coturn share. coturn refuses it once the expiry has
 * passed, so a credential cannot outlive the session it was minted for. The
 * opaque id is random, so a relay's records cannot be tied to a session.
 */
export function mintTurnCredential(
  secret: string,
  expiresAtMs: number,
  opaqueId = randomBytes(8).toString('hex'),
): TurnCredential {
  const username = `${Math.floor(expiresAtMs / 1000)}:${opaqueId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}
