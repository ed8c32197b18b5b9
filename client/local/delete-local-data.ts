import { dropDatabase, makeIDBName } from 'replicache';
import { closeReplicachesOf, replicacheName } from '../sync/replicache.ts';
import { forgetLastScreen } from './last-screen.ts';
import { localDb } from './local-db.ts';

/**
 * Deletes everything this browser holds of `userId`: their Replicache store (conversations,
 * messages, changes not yet sent), the screen saved for the next start, and the local Dexie
 * database. For when the server has said that their session is over (signed out elsewhere, or
 * the account deleted): nothing of theirs may stay on a device they no longer reach.
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
    // Opened again when next used (the model catalog is fetched anew).
    localDb.delete({ disableAutoOpen: false }).catch((error: unknown) => {
      console.warn('[local] could not delete the local database', error);
    }),
  ]);
}
