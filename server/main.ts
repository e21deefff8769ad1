import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';

import { buildAppIfNeeded } from './build-app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { startSono } from './sono.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const appDir = fileURLToPath(new URL('../dist', import.meta.url));

let config: Config;
try {
  config = readConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`sono: ${error.message}\n`);
  process.exit(1);
}
const log = createLogger(config.logLevel);

// An error nobody caught leaves the process in an unknown state: say so and let
// the supervisor (or the person at the terminal) start a fresh one.
process.on('uncaughtException', (error) => {
  log.error('uncaught error, exiting', error);
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  log.error('unhandled rejection, exiting', reason);
  process.exit(1);
});

buildAppIfNeeded(root, appDir, (line) => log.info(line));
const sono = await startSono(config, appDir, log);
log.info(`Sono is listening on ${sono.url}`);
for (const url of lanUrls(config)) log.info(`from a phone on this network: ${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info(`${signal}: closing`);
    sono.close().then(() => process.exit(0), (error: unknown) => {
      log.error('could not close cleanly', error);
      process.exit(1);
    });
  });
}

function lanUrls({ tls, port }: Config): string[] {
  const scheme = tls ? 'https' : 'http';
  return Object.values(networkInterfaces()).flat()
    .filter((net) => net !== undefined && net.family === 'IPv4' && !net.internal)
    .map((net) => `${scheme}://${net?.address}:${port}`);
}
