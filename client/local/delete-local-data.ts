import { dropDatabase, makeIDBName } from 'replicache';
import { closeReplicachesOf, replicacheName } from '../sync/replicache.ts';
import { forgetLastScreen } from './last-screen.ts';

/**
 * Deletes everything this browser holds of `userId`: their Replicache store (conversations,
 * messages, changes not yet sent), the screen saved for the next start, and the local Dexie
 * database. For signing out, and for when the server has said that their session is over
 * (signed out elsewhere, or the account deleted): nothing of theirs may stay behind.
 */
export async function deleteLocalData(userId: string): Promise<void> {
  forgetLastScreen();
  try {
    // What was last known of their saved key (settings/key-status.ts).
    localStorage.removeItem(`parley:key-status:${userId}`);
  } catch {
    // Unavailable storage holds nothing to forget.
  }
  await closeReplicachesOf(userId);
  await Promise.all([
    dropDatabase(makeIDBName(replicacheName(userId))).catch((error: unknown) => {
      console.warn('[local] could not delete the local data', error);
    }),
    // Loaded here as everywhere, not with the app; opened again when next used.
    import('./local-db.ts')
      .then(({ localDb }) => localDb.delete({ disableAutoOpen: false }))
      .catch((error: unknown) => {
        console.warn('[local] could not delete the local database', error);
      }),
  ]);
}
