import { Link } from '@tanstack/react-router';
import { use } from 'react';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { SessionContext } from '../auth/session-context.ts';
import { needsOwnKey, useKeyStatus } from '../settings/key-status.ts';

/**
 * Whether a model cannot answer this person for want of a key: every OpenRouter model, when
 * it is known that neither they nor the server has one. Unknown (never fetched) is not "no".
 */
export function useNeedsKey(): (modelId: string) => boolean {
  // Read softly: a list shown to someone signed out (a shared page) needs no key of theirs.
  const session = use(SessionContext);
  const userId = session?.status === 'signed-in' ? session.user.id : undefined;
  const missing = needsOwnKey(useKeyStatus(userId));
  return (modelId) => missing && modelId !== DEMO_MODEL_ID;
}

/** Says why OpenRouter's models would not answer, and where to fix it. */
export function KeyNeededNote() {
  return (
    <p className="key-needed">
      OpenRouter models need an API key.{' '}
      <Link to="/settings" search={{ section: 'keys' }}>
        Add yours in Settings
      </Link>
    </p>
  );
}
