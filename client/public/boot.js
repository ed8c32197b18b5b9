// Runs before first paint, from <head>, before the app's scripts load. A file of its own rather
// than inline: the Content-Security-Policy allows no inline script (server/http/security-headers.ts).
{
  // The theme, so a dark choice never flashes light (shell/theme.ts); and whether someone is
  // remembered, whose start shows no name (shell/splash.tsx).
  const root = document.documentElement;
  try {
    const choice = localStorage.getItem('parley:theme');
    const dark =
      choice === 'dark' ||
      (choice !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    root.dataset.theme = dark ? 'dark' : 'light';
    if (localStorage.getItem('parley:last-user')) root.dataset.returning = '';
  } catch {
    root.dataset.theme = 'light';
  }
  // Who is signed in is asked now, while the app's scripts load, not after they have run:
  // a first visit's sign-in page waits for the answer (auth/check-session.ts takes it).
  window.parleySessionCheck = fetch('/api/auth/get-session', {
    headers: { accept: 'application/json' },
  });
  window.parleySessionCheck.catch(() => undefined);
}
