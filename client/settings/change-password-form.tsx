import { type FormEvent, useId, useState } from 'react';
import { maxPasswordChars, passwordRule } from '../../shared/password-rules.ts';
import { authErrorMessage } from '../auth/auth-error-message.ts';
import { loadAuthClient } from '../auth/load-auth-client.ts';
import { newPasswordProblem } from '../auth/password-check.ts';

const unreachable = 'Parley could not be reached. Check your connection and try again.';

/** Settings › Account: a new password, given the current one (Better Auth's change-password). */
export function ChangePasswordForm() {
  const ruleId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get('current-password') ?? '');
    const newPassword = String(data.get('new-password') ?? '');
    setBusy(true);
    setProblem(null);
    setChanged(false);
    try {
      const weak = await newPasswordProblem(newPassword);
      if (weak) {
        setProblem(weak);
        return;
      }
      const authClient = await loadAuthClient();
      const { error } = await authClient.changePassword({ currentPassword, newPassword });
      if (error) {
        setProblem(
          error.status === 400 && /invalid password/i.test(error.message ?? '')
            ? 'Your current password is not right.'
            : authErrorMessage(error),
        );
        return;
      }
      form.reset();
      setChanged(true);
    } catch {
      setProblem(unreachable);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="account-form" onSubmit={(event) => void submit(event)}>
      <h3>Change password</h3>
      <label className="field">
        <span>Current password</span>
        <input name="current-password" type="password" autoComplete="current-password" required />
      </label>
      <label className="field">
        <span>New password</span>
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          maxLength={maxPasswordChars}
          aria-describedby={ruleId}
          required
        />
      </label>
      <p id={ruleId} className="muted field-hint">
        {passwordRule}
      </p>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {changed && <p className="muted">Your password is changed.</p>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
