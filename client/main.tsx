import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoutes } from './app-routes.tsx';
import { SessionProvider } from './auth/session-provider.tsx';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { followSystemTheme } from './shell/theme.ts';
import './styles.css';

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
