import { type SignedInUser, toSignedInUser } from './signed-in-user.ts';

// The last signed-in user, so that the app opens their local data with no network.
const storageKey = 'parley:last-user';

export function readLastUser(): SignedInUser | null {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw === null ? null : toSignedInUser(JSON.parse(raw));
  } catch {
    // Unreadable storage or a damaged value: behave as if nobody was remembered.
    return null;
  }
}

export function rememberLastUser(user: SignedInUser): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(user));
  } catch {
    // Storage full or disabled: the app still works, it just won't open offline next time.
  }
}

export function forgetLastUser(): void {
  try {
    localStorage.removeItem(storageKey);
  } catch {
    // Nothing to forget if storage is unavailable.
  }
}
