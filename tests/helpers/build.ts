import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../../pwa/vite.config.ts', import.meta.url));

/** Builds the app as `npm run build` does, into `outDir`, stamped with `version`. */
export async function buildApp(outDir: string, version: string): Promise<void> {
  await build({
    configFile: CONFIG,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
    define: { __SONO_VERSION__: JSON.stringify(version) },
  });
}
