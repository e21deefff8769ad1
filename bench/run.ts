/** `npm run bench`: each benchmark prints its own figures next to its baseline. */
import { benchSize } from './size.ts';

await benchSize();
