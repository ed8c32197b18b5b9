import { use } from 'react';
import { type Session, SessionContext } from './session-context.ts';

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider> above it');
  return session;
}
