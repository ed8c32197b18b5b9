import { consoleLogSink, Replicache } from 'replicache';
import { type ClientMutators, clientMutators } from '../../shared/mutators/client.ts';
import { storageTroubleLogSink } from '../local/storage-trouble.ts';

export type ParleyReplicache = Replicache<ClientMutators>;

/**
 * One Replicache (one IndexedDB database) per user, so people sharing a browser never see each
 * other's data. The session cookie authenticates push and pull: same origin, no auth header.
 */
export function createReplicache(userId: string): ParleyReplicache {
  return new Replicache({
    name: `parley:${userId}`,
    pushURL: '/api/replicache/push',
    pullURL: '/api/replicache/pull',
    mutators: clientMutators,
    // A change goes to the server at once rather than after the default 10 ms: the other
    // devices see it that much sooner, and bursts are still batched while a push is in flight.
    pushDelay: 0,
    logLevel: 'error',
    logSinks: [consoleLogSink, storageTroubleLogSink],
  });
}
