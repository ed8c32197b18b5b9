import type { PubSub } from '../pubsub/pubsub.ts';

/** The pub/sub channel on which a user's devices hear that their data changed. */
export const pokeChannel = (userId: string) => `parley:poke:${userId}`;

/**
 * Tells every open tab of the user to pull. Call only after the change has committed. With the
 * counter the change moved on `from`, the tabs' servers may send it as a patch to those there.
 */
export async function pokeUser(
  pubsub: PubSub,
  userId: string,
  from?: number | undefined,
): Promise<void> {
  await pubsub.publish(pokeChannel(userId), from === undefined ? '1' : JSON.stringify({ from }));
}

/** The counter a poke message names, if any ('1' names none; so does anything unreadable). */
export function fromOf(message: string): number | undefined {
  if (message === '1') return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    const from = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'from') : null;
    return Number.isInteger(from) ? (from as number) : undefined;
  } catch {
    return undefined;
  }
}
