import { z } from 'zod';
import { limits } from '../../shared/limits.ts';

// Replicache's push and pull bodies, parsed at the edge. Version 0 (legacy recovery of very
// old clients) is answered with VersionNotSupported rather than parsed.

// Client and group ids are stored: a NUL in one would fail the statement (Postgres text has
// none), and Replicache's own ids have no control characters at all.
const ClientId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^\P{Cc}+$/u, 'ids have no control characters');
/** A Replicache client group's id, as the client made it. */
export const ClientGroupId = ClientId;

/** Versions are Postgres integers: a cookie past them names no version this server handed out. */
const maxVersion = 2 ** 31 - 1;

export const MutationV1 = z.object({
  id: z.number().int().positive(),
  clientID: ClientId,
  name: z.string().min(1).max(100),
  args: z.json(),
  timestamp: z.number(),
});
export type MutationV1 = z.infer<typeof MutationV1>;

export const PushRequestV1 = z.object({
  pushVersion: z.literal(1),
  schemaVersion: z.string().max(100),
  profileID: z.string().max(100),
  clientGroupID: ClientGroupId,
  mutations: z.array(MutationV1).max(limits.mutationsPerPush),
});
export type PushRequestV1 = z.infer<typeof PushRequestV1>;

/**
 * The cookie we hand out: the user version the client is up to (decision 007). `strategy`
 * tells it from the client-view-record cookies of earlier servers, which start over.
 */
export const PullCookie = z
  .object({
    order: z.number().int().nonnegative().max(maxVersion),
    strategy: z.literal('user-version'),
  })
  .nullable();
export type PullCookie = z.infer<typeof PullCookie>;

/** The cookie of a pull answered at user version `order`. */
export const userVersionCookie = (order: number) => ({ order, strategy: 'user-version' as const });

export const PullRequestV1 = z.object({
  pullVersion: z.literal(1),
  schemaVersion: z.string().max(100),
  profileID: z.string().max(100),
  clientGroupID: ClientGroupId,
  // An unknown cookie shape (an older server's) means "start over", not an error.
  cookie: z.unknown().transform((value) => {
    const parsed = PullCookie.safeParse(value);
    return parsed.success ? parsed.data : null;
  }),
});
export type PullRequestV1 = z.infer<typeof PullRequestV1>;

export const VersionField = z.object({
  pushVersion: z.number().optional(),
  pullVersion: z.number().optional(),
});
