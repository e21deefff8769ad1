import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the built app is made from; a change to any of these means building again. */
const SOURCES = ['pwa', 'icons', 'api/pairing-code.ts', 'package-lock.json'];

/**
 * `npm start` on a fresh clone has no built app yet, and after a pull the built
 * app may be older than its sources: build it then, and only then.
 */
export function buildAppIfNeeded(root: string, appDir: string, log: (line: string) => void): void {
  const builtAt = modifiedAt(join(appDir, 'index.html'));
  const newestSource = Math.max(...SOURCES.map((source) => newestIn(join(root, source))));
  if (builtAt !== undefined && builtAt >= newestSource) return;

  log(builtAt === undefined ? 'building the app (first start)…' : 'sources changed: rebuilding the app…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'pwa/vite.config.ts',
    '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the app failed: see the messages above');
}

function newestIn(path: string): number {
  const stats = statIfPresent(path);
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestIn(join(path, entry))));
}

function modifiedAt(path: string): number | undefined {
  return statIfPresent(path)?.mtimeMs;
}

function statIfPresent(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
