/**
 * Run as a child process by tests/api/crash.test.ts: writes accounts and their
 * sessions through the real store as fast as it can, and prints one line for
 * every write the store has acknowledged, until it is killed.
 */
import { randomBytes } from 'node:crypto';

import { openStore } from '../../api/store.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <database file>');
const store = await openStore(file);

for (let n = 0; ; n++) {
  const accountId = randomBytes(16).toString('hex');
  await store.insertAccount({ id: accountId, email: `crash-${n}@example.com`, passwordHash: 'scrypt$x' });
  process.stdout.write(`account ${accountId}\n`);
  const sessionId = randomBytes(16).toString('hex');
  const now = Date.now();
  await store.insertSession({
    id: sessionId, codeHash: `code-${sessionId}`, senderPeerId: `${sessionId}s`,
    createdAt: now, endsAt: now + 60_000, accountId,
  });
  process.stdout.write(`session ${sessionId}\n`);
}
