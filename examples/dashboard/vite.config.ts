import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// `pnpm dev` proxies the API to a district server on 8787 (`pnpm demo` or `pnpm serve` in examples).
export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/auth'].map((path) => [path, { target: 'http://127.0.0.1:8787', changeOrigin: false }]),
    ),
  },
});
