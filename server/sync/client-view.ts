/**
 * What one pull told a client group: every key it holds with that row's version, and each
 * client's last mutation id. Never depends on the client id of the puller.
 */
export type ClientViewRecord = {
  entries: Record<string, number>;
  clients: Record<string, number>;
};

export type ClientViewDiff = {
  /** Keys whose rows are new or changed since the previous record. */
  puts: string[];
  /** Keys the previous record held that are gone (deleted, or no longer visible). */
  dels: string[];
  /** Clients whose last mutation id moved. */
  lastMutationIDChanges: Record<string, number>;
};

/** Diffs two client view records; with no previous record, everything is a put. */
export function diffClientViews(
  previous: ClientViewRecord | undefined,
  next: ClientViewRecord,
): ClientViewDiff {
  const before = previous?.entries ?? {};
  const puts: string[] = [];
  const dels: string[] = [];
  for (const [key, version] of Object.entries(next.entries)) {
    // Versions are compared for equality only: a changed row may have any new version.
    if (before[key] !== version) puts.push(key);
  }
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(next.entries, key)) dels.push(key);
  }
  const lastMutationIDChanges: Record<string, number> = {};
  const clientsBefore = previous?.clients ?? {};
  for (const [clientID, lastMutationID] of Object.entries(next.clients)) {
    if (clientsBefore[clientID] !== lastMutationID)
      lastMutationIDChanges[clientID] = lastMutationID;
  }
  return { puts, dels, lastMutationIDChanges };
}

/** True when a diff carries nothing for the client. */
export function isEmptyDiff(diff: ClientViewDiff): boolean {
  return (
    diff.puts.length === 0 &&
    diff.dels.length === 0 &&
    Object.keys(diff.lastMutationIDChanges).length === 0
  );
}
