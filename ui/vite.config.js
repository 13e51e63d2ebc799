// Vite configuration. The @temporalio/ui components read import.meta.env.VITE_API for the API origin: empty means
// "the origin the page was loaded from", which is Steadfast's embedded server.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  define: { 'import.meta.env.VITE_API': JSON.stringify('') },
  optimizeDeps: { include: ['date-fns', 'date-fns-tz'] },
  build: { chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  logLevel: 'warn',
});
