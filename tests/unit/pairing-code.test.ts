import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { formatCode, normalizeCode } from '../../api/pairing-code.ts';

const code = suite('api/pairing-code');

code('reads a code however it was typed', () => {
  assert.is(normalizeCode('abcd-efgh'), 'ABCDEFGH');
  assert.is(normalizeCode(' AB CD  EF-GH '), 'ABCDEFGH');
});

code('reads look-alike letters as the digits they resemble', () => {
  assert.is(normalizeCode('OOII-LL00'), '00111100');
});

code('refuses what cannot be a code', () => {
  for (const typed of ['', 'ABC', 'ABCDEFGHJ', 'ABCD-EFGU', 'ABCD_EFGH', 'ÄBCD-EFGH']) {
    assert.is(normalizeCode(typed), null, typed);
  }
});

code('shows a code in two halves', () => {
  assert.is(formatCode('ABCDEFGH'), 'ABCD-EFGH');
});

code.run();
