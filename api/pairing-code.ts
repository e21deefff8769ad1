/**
 * Pairing codes are what a person reads off a laptop and types into a phone, so
 * they use Crockford's base 32: digits and capitals without I, L, O and U. Eight
 * symbols give 2^40 codes, which with the join rate limit is unguessable in
 * practice while still fitting on one line as "ABCD-EFGH".
 *
 * This module is shared with the app, so it stays free of Node and DOM APIs.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;

const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };
const SEPARATORS = /[\s-]+/g;

/** The canonical form of what a person typed, or null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const compact = input.replace(SEPARATORS, '').toUpperCase();
  const mapped = [...compact].map((char) => LOOKALIKES[char] ?? char).join('');
  if (mapped.length !== CODE_LENGTH) return null;
  return [...mapped].every((char) => CODE_ALPHABET.includes(char)) ? mapped : null;
}

/** "ABCDEFGH" shown as "ABCD-EFGH". */
export function formatCode(code: string): string {
  const half = CODE_LENGTH / 2;
  return `${code.slice(0, half)}-${code.slice(half)}`;
}
