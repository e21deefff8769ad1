import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { isRecord } from '../server/json.ts';
import type { MemoryFigures } from './servers/report.ts';

/** A server under test, running in its own process (see servers/report.ts). */
export interface ServerChild {
  url: string;
  memory(): Promise<MemoryFigures>;
  /** CPU time (user and system) the server has used since it started, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/** Starts `servers/<name>.ts` with `env` added to the environment and waits until it listens. */
export async function startServer(name: string, env: Record<string, string> = {}):
  Promise<ServerChild> {
  const script = fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url));
  const child = fork(script, {
    env: { ...process.env, ...env },
    // tsx's loader by its own path: the parent's execArgv might hold an `--eval` to inherit.
    execArgv: ['--import', import.meta.resolve('tsx'), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage(child, 'ready', START_TIMEOUT_MS);
  if (typeof ready.url !== 'string') throw new Error(`${name} reported no url`);

  return {
    url: ready.url,
    async memory() {
      const answer = nextMessage(child, 'memory', START_TIMEOUT_MS);
      child.send('memory');
      const { rss, heapUsed } = await answer;
      if (typeof rss !== 'number' || typeof heapUsed !== 'number') {
        throw new Error(`${name} reported memory without figures`);
      }
      return { rss, heapUsed };
    },
    async cpuMicros() {
      const answer = nextMessage(child, 'cpu', START_TIMEOUT_MS);
      child.send('cpu');
      const { micros } = await answer;
      if (typeof micros !== 'number') throw new Error(`${name} reported CPU time without a figure`);
      return micros;
    },
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('stop');
      await exited;
    },
  };
}

function nextMessage(child: ChildProcess, type: string, timeoutMs: number):
  Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "${type}" from the server`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (isRecord(message) && message.type === type) finish(null, message);
    };
    const onExit = (code: number | null) => finish(new Error(`the server exited (${code})`));
    const finish = (error: Error | null, message?: Record<string, unknown>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else if (message) resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
