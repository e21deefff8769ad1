import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';

const ICONS_DIR = fileURLToPath(new URL('../icons/', import.meta.url));

/** Light theme colours of the app (see src/styles.ts); the status bar follows them. */
const BACKGROUND = '#f6f5f2';

const manifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'Sono',
  short_name: 'Sono',
  description: 'Hear your laptop through your phone: its sound, peer to peer, on the phone.',
  display: 'standalone',
  orientation: 'any',
  theme_color: BACKGROUND,
  background_color: BACKGROUND,
  start_url: '/',
  scope: '/',
  lang: 'en',
  categories: ['music', 'utilities'],
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
  shortcuts: [
    { name: 'Send', short_name: 'Send', url: '/send', description: 'Share this computer\'s sound' },
    { name: 'Listen', short_name: 'Listen', url: '/listen', description: 'Hear a laptop\'s sound' },
  ],
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: '../dist',
    emptyOutDir: true,
  },
  define: {
    __SONO_VERSION__: JSON.stringify(process.env.SONO_VERSION ?? packageVersion()),
  },
  plugins: [
    emitIcons(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The app registers the worker itself (src/lib/updates.ts), to ask before updating.
      injectRegister: false,
      manifest,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // A classic script: every browser that installs apps can run it.
        rollupFormat: 'iife',
      },
    }),
  ],
});

/** The icons live in /icons at the repository's root; the app serves them under /icons/. */
function emitIcons(): Plugin {
  return {
    name: 'sono-icons',
    apply: 'build',
    generateBundle() {
      for (const name of readdirSync(ICONS_DIR).filter((file) => /\.(png|svg)$/.test(file))) {
        const source = readFileSync(ICONS_DIR + name);
        this.emitFile({ type: 'asset', fileName: `icons/${name}`, source });
      }
    },
  };
}

function packageVersion(): string {
  const path = new URL('../package.json', import.meta.url);
  const found: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const version = typeof found === 'object' && found !== null && 'version' in found
    ? found.version : undefined;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
