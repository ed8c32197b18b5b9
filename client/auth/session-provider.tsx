import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Splash } from '../shell/splash.tsx';
import { checkSession } from './check-session.ts';
import { forgetLastUser, readLastUser, rememberLastUser } from './last-user.ts';
import { loadAuthClient } from './load-auth-client.ts';
import { type Session, SessionContext, type SessionState } from './session-context.ts';
import type { SignedInUser } from './signed-in-user.ts';

type BootState = SessionState | { status: 'checking' };

/**
 * Decides who is signed in. Local-first: a remembered user's data opens at once, and the server
 * is asked in the background. Only a definite "no session" from the server signs them out; no
 * network never does.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<BootState>(() => {
    const lastUser = readLastUser();
    return lastUser ? { status: 'signed-in', user: lastUser } : { status: 'checking' };
  });
  // Bumped by every sign-in and sign-out, so a slow check cannot undo what the person just did.
  const generation = useRef(0);

  const recheck = useCallback(async () => {
    const started = generation.current;
    const result = await checkSession();
    if (started !== generation.current) return;
    if (result.kind === 'signed-in') {
      rememberLastUser(result.user);
      setState((current) => (sameUser(current, result.user) ? current : signedIn(result.user)));
    } else if (result.kind === 'signed-out') {
      // The session ended elsewhere (signed out from another device, or the account deleted):
      // what this device holds of the person goes with it, before the sign-in page shows.
      const ended = readLastUser();
      if (ended) await deleteLocalDataOf(ended.id);
      if (started !== generation.current) return;
      forgetLastUser();
      setState({ status: 'signed-out' });
    } else {
      // Unreachable: keep a remembered user; with nobody remembered there is nothing to open.
      setState((current) => (current.status === 'checking' ? { status: 'signed-out' } : current));
    }
  }, []);

  useEffect(() => {
    void recheck();
  }, [recheck]);

  const onSignedIn = useCallback((user: SignedInUser) => {
    generation.current += 1;
    rememberLastUser(user);
    setState(signedIn(user));
  }, []);

  const signOut = useCallback(async () => {
    generation.current += 1;
    try {
      const authClient = await loadAuthClient();
      await authClient.signOut();
    } catch {
      // Offline: the server session outlives this, but this device forgets the person now.
    }
    forgetLastUser();
    setState({ status: 'signed-out' });
  }, []);

  const session = useMemo<Session | null>(
    () =>
      state.status === 'checking' ? null : { ...state, signedIn: onSignedIn, signOut, recheck },
    [state, onSignedIn, signOut, recheck],
  );

  if (!session) return <Splash />;
  return <SessionContext value={session}>{children}</SessionContext>;
}

/** Loaded when needed: deleting local data is not part of the first paint. */
async function deleteLocalDataOf(userId: string): Promise<void> {
  try {
    const { deleteLocalData } = await import('../local/delete-local-data.ts');
    await deleteLocalData(userId);
  } catch (error) {
    console.warn('[auth] could not delete the local data of an ended session', error);
  }
}

const signedIn = (user: SignedInUser): SessionState => ({ status: 'signed-in', user });

function sameUser(state: BootState, user: SignedInUser): boolean {
  return (
    state.status === 'signed-in' &&
    state.user.id === user.id &&
    state.user.name === user.name &&
    state.user.email === user.email
  );
}
