import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Coturn {
  port: number;
  secret: string;
  /** A turn: URL for SONO_TURN_URLS. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real coturn on loopback with a fresh shared secret. By default it allows
 * loopback peers, which only tests may do: here both devices are 127.0.0.1.
 * Given a configuration file it runs that instead, moved onto loopback.
 */
export async function startCoturn(configFile?: string): Promise<Coturn> {
  const dir = await mkdtemp(join(tmpdir(), 'sono-coturn-'));
  const port = await freePort();
  const minPort = randomInt(50_000, 59_000);
  const secret = randomBytes(24).toString('base64url');
  const settings = configFile ? ['-c', configFile] : [
    '-n', '--use-auth-secret', '--realm=sono.test', '--no-cli', '--no-tcp-relay', '--fingerprint',
    '--allow-loopback-peers',
  ];
  const child = spawn('turnserver', [
    ...settings, '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 200}`, `--static-auth-secret=${secret}`,
    '--no-tls', '--no-dtls', `--pidfile=${join(dir, 'pid')}`, `--db=${join(dir, 'turndb')}`,
    `--log-file=${join(dir, 'turn.log')}`, '--simple-log', '--no-stdout-log',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await untilAnswers(port, child).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    const log = await readFile(join(dir, 'turn.log'), 'utf8').catch(() => '(no log)');
    throw new Error(`${String(error)}\n${log.split('\n').slice(-15).join('\n')}`);
  });
  return {
    port,
    secret,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Allocation = 'allocated' | 'refused';
export type PeerCheck = 'peer refused' | 'peer allowed';

/** Asks coturn for a relay with these credentials, using coturn's own test client. */
export function allocate(port: number, username: string, credential: string): Promise<Allocation> {
  return runClient(port, username, credential, (output) => {
    if (output.includes('Received relay addr')) return 'allocated';
    return output.includes('Cannot complete Allocation') ? 'refused' : undefined;
  });
}

/**
 * Allocates, then asks to relay to a loopback peer: whether coturn forbids it.
 * The client's last step is binding a channel to that peer.
 */
export function relayToLoopback(port: number, username: string, credential: string): Promise<PeerCheck> {
  return runClient(port, username, credential, (output) => {
    if (output.includes('Forbidden IP')) return 'peer refused';
    return /channel bind: success|cb response received: \n[^\n]*success/.test(output)
      ? 'peer allowed' : undefined;
  });
}

function runClient<T>(port: number, username: string, credential: string,
  outcome: (output: string) => T | undefined): Promise<T> {
  const client = spawn('turnutils_uclient', [
    '-v', '-y', '-c', '-n', '1', '-m', '1', '-p', String(port), '-u', username, '-w', credential,
    '127.0.0.1',
  ]);
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const finish = (result: { value: T } | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.kill('SIGKILL');
      if (result instanceof Error) reject(result);
      else resolve(result.value);
    };
    const timer = setTimeout(() => finish(new Error(`no clear answer from coturn:\n${output}`)), 10_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const value = outcome(output);
      if (value !== undefined) finish({ value });
    };
    client.stdout.on('data', read);
    client.stderr.on('data', read);
    client.once('error', (error) => finish(error));
  });
}

/**
 * coturn listens on its port over both UDP and TCP, and keeps retrying a bind
 * that fails, so the port must be free for both (a few tries, bounded).
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (port > 0 && udpFree) return port;
  }
  throw new Error('no port free for both UDP and TCP on loopback');
}

/** Sends STUN binding requests until coturn answers one (bounded: about 20 s). */
async function untilAnswers(port: number, child: ChildProcess): Promise<void> {
  const socket = createSocket('udp4');
  const answered = new Promise<void>((resolve) => socket.once('message', () => resolve()));
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null) throw new Error('turnserver exited at start');
      socket.send(bindingRequest(), port, '127.0.0.1');
      const done = await Promise.race([answered.then(() => true), delay(100).then(() => false)]);
      if (done) return;
    }
    throw new Error('turnserver did not answer within 20 s');
  } finally {
    socket.close();
  }
}

function bindingRequest(): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(header, 8);
  return header;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
