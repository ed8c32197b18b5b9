import './shell/zod-without-eval.ts';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLastUser } from './auth/last-user.ts';
import { SessionProvider } from './auth/session-provider.tsx';
import { loadMarkdownView } from './markdown/load-markdown-view.ts';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { createAppRouter, isConversationPath } from './routes/router.tsx';
import { loadSignedInApp } from './shell/load-signed-in-app.ts';
import { followSystemTheme } from './shell/theme.ts';
import { readAhead } from './stream/read-answer-stream.ts';
import { takeRunsToResume } from './stream/runs-to-resume.ts';
import './styles.css';

// A remembered user opens straight into their app: fetch its chunk while React starts.
const returning = readLastUser() !== null;
if (returning) {
  void loadSignedInApp().catch(() => undefined);
  // Reloaded in mid-answer: ask for the answer now, not once the app and its store are open.
  readAhead(takeRunsToResume());
}

// The task that evaluates this bundle is mostly React DOM's evaluation, which every React page
// pays; the router and the first render start in the next task, so that on a slow device the
// two block as two shorter tasks, not as one long one.
setTimeout(start, 0);

function start() {
  const router = createAppRouter();
  // On a conversation's address, the Markdown its answers need (a reload in mid-answer paints
  // sooner).
  if (returning && isConversationPath(router, location.pathname)) {
    void loadMarkdownView().catch(() => undefined);
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
}
