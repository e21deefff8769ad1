/**
 * Sets an account's plan, for the operator: `npm run plan -- you@example.com plus`.
 * It opens the same database the server uses (SONO_DATA_DIR), so run it on the
 * server's machine; the change takes effect on the account's next request.
 */
import { join } from 'node:path';

import { isPlan, openStore, PLANS } from '../api/store.ts';
import { ConfigError, readConfig } from '../server/config.ts';

const [email, plan, ...rest] = process.argv.slice(2);
if (!email || !isPlan(plan) || rest.length > 0) {
  fail(`usage: npm run plan -- <e-mail address> <${PLANS.join('|')}>`);
}

let dataDir: string;
try {
  dataDir = readConfig(process.env).dataDir;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail(error.message);
}

const store = await openStore(join(dataDir, 'sono.db'));
try {
  // Addresses are stored in lower case (see api/credentials.ts).
  if (!await store.setPlan(email.trim().toLowerCase(), plan)) {
    fail(`no account has that e-mail address in ${dataDir}`);
  }
  process.stdout.write(`plan set to ${plan}\n`);
} finally {
  await store.close();
}

function fail(message: string): never {
  process.stderr.write(`sono plan: ${message}\n`);
  process.exit(1);
}
