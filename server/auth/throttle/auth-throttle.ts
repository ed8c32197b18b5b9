import { createHash } from 'node:crypto';
import type { AuthLimits } from '../../config/config.ts';
import type { AttemptStore } from './attempt-store.ts';
import { addressKey } from './client-address.ts';

/** How an attempt turned out: only failures (and sign-ups) keep counting. */
export type Outcome = 'succeeded' | 'failed' | 'void';

/** An attempt the limits let through, to be settled once it is answered; or a refusal. */
export type Attempt =
  | { allowed: true; settle(outcome: Outcome): Promise<void> }
  | { allowed: false; retryAfterMs: number };

// Without an address (a runtime that does not say) every such request is one client.
const addressOf = (address: string | undefined) => (address ? addressKey(address) : 'unknown');
// Accounts are counted by a hash: the store never holds the addresses people typed.
const accountOf = (email: string) =>
  createHash('sha256').update(email.toLowerCase()).digest('base64url');

/**
 * The limits on signing in and creating accounts. A sign-in is counted against its account
 * and its client address before it runs, so that attempts racing each other cannot all slip
 * under a limit; settling it gives back what did not fail. A correct password clears the
 * account's count. Every sign-up counts against its address.
 */
export function createAuthThrottle(store: AttemptStore, limits: AuthLimits) {
  const { windowMs } = limits;
  return {
    async signIn(address: string | undefined, email: string | undefined): Promise<Attempt> {
      const byAddress = `sign-in:address:${addressOf(address)}`;
      const byAccount = email === undefined ? undefined : `sign-in:account:${accountOf(email)}`;
      const first = await store.take(byAddress, limits.signInFailuresPerAddress, windowMs);
      if (!first.allowed) return first;
      if (byAccount) {
        const second = await store.take(byAccount, limits.signInFailuresPerAccount, windowMs);
        if (!second.allowed) {
          await store.giveBack(byAddress);
          return second;
        }
      }
      return {
        allowed: true,
        async settle(outcome) {
          if (outcome === 'failed') return;
          await store.giveBack(byAddress);
          if (!byAccount) return;
          if (outcome === 'succeeded') await store.clear(byAccount);
          else await store.giveBack(byAccount);
        },
      };
    },

    /** Forgets the failed sign-ins counted against an account (it is being deleted). */
    forgetAccount(email: string): Promise<void> {
      return store.clear(`sign-in:account:${accountOf(email)}`);
    },

    async signUp(address: string | undefined): Promise<Attempt> {
      const byAddress = `sign-up:address:${addressOf(address)}`;
      const verdict = await store.take(byAddress, limits.signUpsPerAddress, windowMs);
      if (!verdict.allowed) return verdict;
      return {
        allowed: true,
        async settle(outcome) {
          if (outcome !== 'succeeded') await store.giveBack(byAddress);
        },
      };
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
