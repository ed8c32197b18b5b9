import './shell/zod-without-eval.ts';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLastUser } from './auth/last-user.ts';
import { SessionProvider } from './auth/session-provider.tsx';
import { loadMarkdownView } from './markdown/load-markdown-view.ts';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { isConversationPath, router } from './routes/router.tsx';
import { loadSignedInApp } from './shell/load-signed-in-app.ts';
import { followSystemTheme } from './shell/theme.ts';
import { readAhead } from './stream/read-answer-stream.ts';
import { takeRunsToResume } from './stream/runs-to-resume.ts';
import './styles.css';

// A remembered user opens straight into their app: fetch its chunk while React starts, and on
// a conversation's address the Markdown its answers need (a reload in mid-answer paints sooner).
if (readLastUser()) {
  void loadSignedInApp().catch(() => undefined);
  if (isConversationPath(location.pathname)) {
    void loadMarkdownView().catch(() => undefined);
  }
  // Reloaded in mid-answer: ask for the answer now, not once the app and its store are open.
  readAhead(takeRunsToResume());
}

// Matches the address now, while React starts: its first render then paints the page, not an
// empty router waiting for its first load (an offline start painted its list 30 ms later).
void router.load();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
      <UpdatePrompt />
    </SessionProvider>
  </StrictMode>,
);

// Which build this page runs: shown in tests of updates, and handy in bug reports.
document.documentElement.dataset.build = __PARLEY_BUILD__;
followSystemTheme();
registerServiceWorker();
