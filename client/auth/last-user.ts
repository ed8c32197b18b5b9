import { type SignedInUser, toSignedInUser } from './signed-in-user.ts';

// The last signed-in user, so that the app opens their local data with no network. index.html
// reads the key before first paint too (splash.tsx); splash.test.tsx keeps the two in step.
export const lastUserStorageKey = 'parley:last-user';

export function readLastUser(): SignedInUser | null {
  try {
    const raw = localStorage.getItem(lastUserStorageKey);
    return raw === null ? null : toSignedInUser(JSON.parse(raw));
  } catch {
    // Unreadable storage or a damaged value: behave as if nobody was remembered.
    return null;
  }
}

export function rememberLastUser(user: SignedInUser): void {
  try {
    localStorage.setItem(lastUserStorageKey, JSON.stringify(user));
  } catch {
    // Storage full or disabled: the app still works, it just won't open offline next time.
  }
}

export function forgetLastUser(): void {
  try {
    localStorage.removeItem(lastUserStorageKey);
  } catch {
    // Nothing to forget if storage is unavailable.
  }
}
