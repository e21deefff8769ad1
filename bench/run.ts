/** `npm run bench`: each benchmark prints its own figures next to its baseline. */
import { benchBroker } from './broker.ts';

await benchBroker();
