import type { AttemptStore, AttemptVerdict } from '../auth/throttle/attempt-store.ts';
import { addressKey } from '../auth/throttle/client-address.ts';

const windowMs = 60_000;

/**
 * How often one client address may open shared conversations, counted in the store sign-ins
 * are counted in (so every process sharing it counts together): `perMinute` pages and
 * continuations, and ten times as many files (a page shows several).
 */
export function shareLimits(store: Pick<AttemptStore, 'take'>, perMinute: number) {
  const keyOf = (address: string | undefined) => (address ? addressKey(address) : 'unknown');
  return {
    page(address: string | undefined): Promise<AttemptVerdict> {
      return store.take(`share-view:address:${keyOf(address)}`, perMinute, windowMs);
    },
    file(address: string | undefined): Promise<AttemptVerdict> {
      return store.take(`share-file:address:${keyOf(address)}`, perMinute * 10, windowMs);
    },
  };
}
