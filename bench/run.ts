/** `npm run bench`: each benchmark prints its own figures next to its baseline. */
process.stdout.write('no benchmarks yet\n');
