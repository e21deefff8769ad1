import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { hashPassword, passwordProblem, verifyPassword } from '../../api/passwords.ts';

const passwords = suite('api/passwords');

passwords('hashes with scrypt at N=2^17, r=8, p=1 and a fresh salt, and verifies', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.is.not(await hashPassword('correct horse battery staple'), hash);
  assert.ok(await verifyPassword('correct horse battery staple', hash));
  assert.not.ok(await verifyPassword('correct horse battery stapler', hash));
  assert.not.ok(await verifyPassword('anything', 'scrypt$99$8$1$salt$key'));
});

passwords('treats the same text typed as different code points as one password', async () => {
  const hash = await hashPassword('caf\u00e9 au lait!');
  assert.ok(await verifyPassword('cafe\u0301 au lait!', hash));
});

passwords('asks for 8 to 256 characters, no composition rules, no common passwords', () => {
  const email = 'ann@example.com';
  assert.match(passwordProblem('seven77', email) ?? '', /at least 8/);
  assert.is(passwordProblem('eightchr', email), null);
  assert.is(passwordProblem('x'.repeat(63) + 'y', email), null);
  assert.match(passwordProblem('xy'.repeat(129), email) ?? '', /at most 256/);
  for (const common of ['Password1!', 'iloveyou2', '123456789', 'qwertyuiop', 'zzzzzzzz', 'ann@example.com']) {
    assert.match(passwordProblem(common, email) ?? '', /too easy/, common);
  }
});

passwords.run();
