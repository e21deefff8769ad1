/**
 * The app's download size: JavaScript and CSS, gzipped file by file as a server
 * would send them, for the first view (what index.html loads before anything shows)
 * and in total. The baseline is the same app built with peerjs in the first view,
 * the plain way, so the figures show what loading it on the first stream saves.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';

const CONFIG = fileURLToPath(new URL('../pwa/vite.config.ts', import.meta.url));
const LAZY_IMPORT = "await import('peerjs')";

interface Sizes {
  firstView: number;
  total: number;
  serviceWorker: number;
}

export async function benchSize(): Promise<void> {
  const lazy = await measureBuild([]);
  const eager = await measureBuild([eagerPeerjs()]);

  const rows = [
    ['', 'first view', 'total'],
    ['Sono (peerjs on first stream)', kb(lazy.firstView), kb(lazy.total)],
    ['baseline (peerjs up front)', kb(eager.firstView), kb(eager.total)],
  ];
  const lines = [
    'App download size, JavaScript + CSS, gzipped:',
    ...rows.map(([name = '', first = '', total = '']) =>
      `  ${name.padEnd(32)}${first.padStart(12)}${total.padStart(12)}`),
    `  first view is ${percent(lazy.firstView, lazy.total)} of the total, `
      + `and ${percent(lazy.firstView, eager.firstView)} of the baseline's first view`,
    `  service worker: ${kb(lazy.serviceWorker)}, fetched once in the background`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Builds the app with extra plugins into a temporary folder and weighs it. */
async function measureBuild(plugins: Plugin[]): Promise<Sizes> {
  const outDir = await mkdtemp(join(tmpdir(), 'sono-bench-'));
  try {
    await build({
      configFile: CONFIG,
      logLevel: 'silent',
      plugins,
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifestFile = join(outDir, '.vite', 'manifest.json');
    const manifest: unknown = JSON.parse(await readFile(manifestFile, 'utf8'));
    const firstView = staticFiles(manifest, 'index.html');
    const assets = (await readdir(join(outDir, 'assets'))).map((name) => `assets/${name}`);
    return {
      firstView: await gzippedSize(outDir, [...firstView]),
      total: await gzippedSize(outDir, assets.filter((file) => /\.(js|css)$/.test(file))),
      serviceWorker: await gzippedSize(outDir, ['sw.js']),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The files a chunk needs before it runs: itself, its CSS, and its static imports. */
function staticFiles(manifest: unknown, key: string, seen = new Set<string>()): Set<string> {
  const chunk = isRecord(manifest) ? manifest[key] : undefined;
  if (!isRecord(chunk) || typeof chunk.file !== 'string') throw new Error(`no chunk ${key}`);
  if (seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of strings(chunk.css)) seen.add(css);
  for (const imported of strings(chunk.imports)) staticFiles(manifest, imported, seen);
  return seen;
}

async function gzippedSize(dir: string, files: string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(join(dir, file))).length;
  return bytes;
}

/** Turns the app's one dynamic import of peerjs into a static one, as before. */
function eagerPeerjs(): Plugin {
  return {
    name: 'bench-eager-peerjs',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/pwa/src/lib/broker.ts')) return null;
      if (!code.includes(LAZY_IMPORT)) throw new Error(`broker.ts no longer has ${LAZY_IMPORT}`);
      return `import * as eagerPeerjs from 'peerjs';\n${code.replace(LAZY_IMPORT, 'eagerPeerjs')}`;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)}%`;
}
