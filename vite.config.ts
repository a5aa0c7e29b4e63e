import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

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
  plugins: [lowerDecorators()],
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
