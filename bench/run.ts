/** `npm run bench`: each benchmark prints its own figures next to its baseline. */
import { benchApi } from './api.ts';
import { benchBroker } from './broker.ts';
import { benchSize } from './size.ts';

await benchSize();
await benchBroker();
await benchApi();
