import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoutes } from './app-routes.tsx';
import { readLastUser } from './auth/last-user.ts';
import { SessionProvider } from './auth/session-provider.tsx';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { loadSignedInApp } from './shell/load-signed-in-app.ts';
import { followSystemTheme } from './shell/theme.ts';
import './styles.css';

// A remembered user opens straight into their app: fetch its chunk while React starts.
if (readLastUser()) void loadSignedInApp().catch(() => undefined);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <SessionProvider>
      <AppRoutes />
      <UpdatePrompt />
    </SessionProvider>
  </StrictMode>,
);

// Which build this page runs: shown in tests of updates, and handy in bug reports.
document.documentElement.dataset.build = __PARLEY_BUILD__;
followSystemTheme();
registerServiceWorker();
