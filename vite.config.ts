import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The web page lives in web/; the Hono server serves the built files from dist/web. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
