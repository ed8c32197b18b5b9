import { randomUUID } from 'node:crypto';

/**
 * A mutation as a probe sends it: its name and arguments (ids and timestamps are filled in).
 * Either may be anything, for probes of what the server does with a wrong one.
 */
export type ProbeMutation = { name: unknown; args: unknown };

/** A push from a client of its own (a fresh tab) in `clientGroupID`, its mutations in order. */
export function pushBody(
  clientGroupID: string,
  mutations: readonly ProbeMutation[],
  clientID = `probe-client-${randomUUID()}`,
) {
  return {
    pushVersion: 1,
    schemaVersion: '',
    profileID: 'probe',
    clientGroupID,
    mutations: mutations.map(({ name, args }, index) => ({
      id: index + 1,
      clientID,
      name,
      args,
      timestamp: 1,
    })),
  };
}

/** A pull of `clientGroupID` from `cookie` (null: from nothing). */
export function pullBody(clientGroupID: string, cookie: unknown = null) {
  return { pullVersion: 1, schemaVersion: '', profileID: 'probe', clientGroupID, cookie };
}
