import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The manifest says which files each screen needs (npm run bench:ui reads it).
  build: { outDir: `${root}dist`, emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: false, manifest: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/.well-known': 'http://127.0.0.1:3000',
    },
  },
});
