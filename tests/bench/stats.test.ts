import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { matchOnsets, median, quantile } from '../../bench/stats.ts';

const stats = suite('bench/stats');

stats('median and 90th percentile interpolate between ranks', () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 2, 3]), 2.5);
  assert.is(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 0.9), 100);
  assert.is(median([]), null);
});

stats('pairs each heard click with the sent click just before it', () => {
  const sent = [1000, 1500, 2000, 2500];
  const heard = [1050, 1560, 2049, 2900, 990];
  // 2900 is 400 ms after 2500: too late to be that click; 990 came before any click.
  assert.equal(matchOnsets(sent, heard, 400), [50, 60, 49]);
});

stats.run();
