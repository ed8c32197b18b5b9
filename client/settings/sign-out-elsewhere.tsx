import { useState } from 'react';
import { authErrorMessage } from '../auth/auth-error-message.ts';
import { loadAuthClient } from '../auth/load-auth-client.ts';

/**
 * Settings › Account: ends every session but this one (Better Auth's revoke-other-sessions).
 * Each of those browsers loses its streams at once and, on its next word with the server,
 * signs out and deletes what it holds.
 */
export function SignOutElsewhere() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function revoke() {
    setBusy(true);
    setOutcome(null);
    try {
      const authClient = await loadAuthClient();
      const { error } = await authClient.revokeOtherSessions();
      setOutcome(
        error
          ? { ok: false, text: authErrorMessage(error) }
          : { ok: true, text: 'Every other browser and device is signed out.' },
      );
    } catch {
      setOutcome({
        ok: false,
        text: 'Parley could not be reached. Check your connection and try again.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="account-action">
      <button type="button" className="button" disabled={busy} onClick={() => void revoke()}>
        Sign out everywhere else
      </button>
      {outcome?.ok && (
        <p className="muted" aria-live="polite">
          {outcome.text}
        </p>
      )}
      {outcome && !outcome.ok && (
        <p className="form-error" role="alert">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
