import type { Config } from '../server/config.ts';
import type { Logger } from '../server/log.ts';
import type { Keys } from '../server/secrets.ts';
import type { Store } from './store.ts';

/** What the route groups share, passed in rather than imported, so tests build their own. */
export interface ApiDeps {
  config: Config;
  keys: Keys;
  store: Store;
  log: Logger;
}
