import type { PubSub } from '../pubsub/pubsub.ts';

/** The pub/sub channel on which a user's devices hear that their data changed. */
export const pokeChannel = (userId: string) => `parley:poke:${userId}`;

/** Tells every open tab of the user to pull. Call only after the change has committed. */
export async function pokeUser(pubsub: PubSub, userId: string): Promise<void> {
  await pubsub.publish(pokeChannel(userId), '1');
}
