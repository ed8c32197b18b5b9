export type ThemeChoice = 'system' | 'light' | 'dark';

// Read before first paint by public/boot.js (keep the key in step).
const storageKey = 'parley:theme';
const darkQuery = '(prefers-color-scheme: dark)';

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(storageKey);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the choice on this device and applies it at once. */
export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, choice);
  } catch {
    // Storage blocked: the choice holds for this visit.
  }
  applyTheme(choice);
}

function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && matchMedia(darkQuery).matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** Keeps "system" in step with the system's setting as it changes (e.g. at dusk). */
export function followSystemTheme(): void {
  matchMedia(darkQuery).addEventListener('change', () => {
    if (readThemeChoice() === 'system') applyTheme('system');
  });
}
