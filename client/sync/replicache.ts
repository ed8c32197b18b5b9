import { consoleLogSink, Replicache } from 'replicache';
import { type ClientMutators, clientMutators } from '../../shared/mutators/client.ts';
import { storageTroubleLogSink } from '../local/storage-trouble.ts';

export type ParleyReplicache = Replicache<ClientMutators>;

/**
 * One Replicache (one IndexedDB database) per user, so people sharing a browser never see each
 * other's data. The session cookie authenticates push and pull: same origin, no auth header.
 */
export function createReplicache(userId: string): ParleyReplicache {
  const rep = new Replicache({
    name: replicacheName(userId),
    pushURL: '/api/replicache/push',
    pullURL: '/api/replicache/pull',
    mutators: clientMutators,
    // A change goes to the server at once rather than after the default 10 ms: the other
    // devices see it that much sooner, and bursts are still batched while a push is in flight.
    pushDelay: 0,
    logLevel: 'error',
    logSinks: [consoleLogSink, storageTroubleLogSink],
  });
  opened.add(rep);
  return rep;
}

/** The name of a user's Replicache; its IndexedDB database is `makeIDBName` of it. */
export const replicacheName = (userId: string) => `parley:${userId}`;

// Every Replicache made here, until closed with `closeReplicachesOf`: a store about to be
// deleted must be closed first, or Replicache opens its database again behind the deletion.
const opened = new Set<ParleyReplicache>();

/** Closes every open Replicache of `userId` in this page. */
export async function closeReplicachesOf(userId: string): Promise<void> {
  const name = replicacheName(userId);
  const closing = [...opened].filter((rep) => rep.name === name);
  for (const rep of closing) opened.delete(rep);
  await Promise.all(closing.map((rep) => rep.close()));
}
