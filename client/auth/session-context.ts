import { createContext } from 'react';
import type { SignedInUser } from './signed-in-user.ts';

export type SessionState = { status: 'signed-in'; user: SignedInUser } | { status: 'signed-out' };

export type Session = SessionState & {
  /** After a successful sign-in or sign-up. */
  signedIn(user: SignedInUser): void;
  /** Signs out on the server (if reachable) and forgets the user on this device. */
  signOut(): Promise<void>;
  /** Asks the server again, e.g. after a sync request was refused with 401. */
  recheck(): Promise<void>;
};

export const SessionContext = createContext<Session | null>(null);
