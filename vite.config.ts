import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The SPA lives in client/ and builds into dist/client, which the server serves.
// In development Vite proxies /api to the API server so cookies stay same-origin.
export default defineConfig({
  root: 'client',
  define: {
    // Names the deployment; PARLEY_BUILD_ID pins it (the update test builds a second version).
    __PARLEY_BUILD__: JSON.stringify(process.env.PARLEY_BUILD_ID ?? new Date().toISOString()),
  },
  plugins: [
    react(),
    // An installable app whose shell and assets are precached by a Workbox service worker;
    // registered by client/pwa (it asks before updating), never caching /api.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        name: 'Parley',
        short_name: 'Parley',
        description: 'A local-first AI chat that works offline and on every device.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#4f46e5',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        navigateFallback: '/index.html',
        // Shared chats are rendered by the server, for people who have no app: the shell must
        // not answer them. With no network, a precached page says the link needs one.
        navigateFallbackDenylist: [/^\/api\//, /^\/share\//],
        runtimeCaching: [
          {
            urlPattern: ({ request, url }) =>
              request.mode === 'navigate' && url.pathname.startsWith('/share/'),
            handler: 'NetworkOnly',
            options: { precacheFallback: { fallbackURL: '/share-offline.html' } },
          },
        ],
        cleanupOutdatedCaches: true,
        // The first install takes the open page at once, so it works offline without a reload;
        // later versions wait for the person to accept the update.
        clientsClaim: true,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  // ES module workers can split: the highlighting worker loads each grammar as its own chunk.
  worker: { format: 'es' },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': {
        target: 'http://localhost:3000',
        changeOrigin: false,
        ws: false,
        // Event streams (pokes, answer chunks) must reach the browser as they are written.
        configure(proxy) {
          proxy.on('proxyRes', (proxyRes) => {
            if (proxyRes.headers['content-type']?.startsWith('text/event-stream')) {
              proxyRes.headers['cache-control'] = 'no-cache, no-transform';
              proxyRes.headers['x-accel-buffering'] = 'no';
            }
          });
        },
      },
    },
  },
});
