import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Lit's decorators are TC39 standard decorators (`@property() accessor x`), as the root
 * tsconfig type-checks them (experimentalDecorators: false). Oxc, Vite 8's transformer, only
 * lowers legacy decorators and Chromium does not run decorators natively yet, so the web
 * sources go through esbuild first, which lowers standard decorators and auto-accessors.
 * (esbuild ships with Vite and tsx.)
 */
function lowerDecorators(): Plugin {
  return {
    name: 'modeshift:lower-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\/web\/src\/.*\.ts$/.test(id.split('?')[0]!) || !code.includes('@')) return null;
      const out = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        format: 'esm',
        sourcemap: true,
        sourcefile: id,
        tsconfigRaw: {
          compilerOptions: { experimentalDecorators: false, useDefineForClassFields: false },
        },
      });
      return { code: out.code, map: out.map };
    },
  };
}

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [
    lowerDecorators(),
    // The installable commuter app: manifest, icons and a service worker that precaches the
    // app shell (docs/architecture.md, "The installable app"). `prompt`: a new version waits
    // until the page says so (web/src/lib/pwa.ts shows a reload banner), so a half-typed trip is
    // never lost to an automatic reload. The registration lives in a module (injectRegister:
    // false): the CSP forbids inline scripts.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Modeshift',
        short_name: 'Modeshift',
        description: 'Log your commute by bike, on foot and by public transport; see your impact.',
        lang: 'en',
        start_url: '/#/home',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b6e4f',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The shell: HTML, scripts, styles, icons. The world map and MapLibre's worker stay out
        // (staff views, large), and so does everything under /api/: figures and trips are never
        // answered from a cache, so nobody sees stale numbers or a trip that was not stored.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/maplibre*', '**/*worker*'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first worker takes the open page at once (it can then reload offline); later
        // versions still wait for the user's reload (no skipWaiting).
        clientsClaim: true,
        runtimeCaching: [],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The world map (country outlines) is fetched only when the map view opens.
    assetsInlineLimit: 4096,
    modulePreload: { polyfill: false },
    // bench/web.ts reads it to tell the initial JavaScript from the lazily loaded chunks.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
