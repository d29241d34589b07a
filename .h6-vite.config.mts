import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
const redirect: Plugin = {
  name: 'h6-redirect',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (source.endsWith('?orig')) return this.resolve(source.slice(0, -5), importer, { ...options, skipSelf: true });
    const r = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (r?.id === '/work/main/web/routes.tsx') return '/tmp/h6-web/routes.tsx';
    if (r?.id === '/work/main/web/panels/tabs.ts') return '/tmp/h6-web/tabs.ts';
    return r;
  },
};
export default defineConfig({ root: '/work/main/web', plugins: [redirect, react()], build: { outDir: '/tmp/h6-dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 } });
