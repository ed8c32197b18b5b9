import type { PubSub } from '../pubsub/pubsub.ts';
import type { Versions } from './push.ts';

/** The pub/sub channel on which a user's devices hear that their data changed. */
export const pokeChannel = (userId: string) => `parley:poke:${userId}`;

/**
 * Tells every open tab of the user to pull. Call only after the change has committed. With the
 * change's `versions`, the tabs' servers may send it as a patch to those that are at `from`.
 */
export async function pokeUser(
  pubsub: PubSub,
  userId: string,
  versions?: Versions | undefined,
): Promise<void> {
  await pubsub.publish(pokeChannel(userId), versions ? JSON.stringify(versions) : '1');
}

/** The versions a poke message names, if any ('1' names none; so does anything unreadable). */
export function versionsOf(message: string): Versions | undefined {
  if (message === '1') return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { from, to } = parsed as Record<string, unknown>;
    return Number.isInteger(from) && Number.isInteger(to)
      ? { from: from as number, to: to as number }
      : undefined;
  } catch {
    return undefined;
  }
}
