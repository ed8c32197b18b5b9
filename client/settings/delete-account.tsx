import { type FormEvent, useRef, useState } from 'react';
import { useSession } from '../auth/use-session.ts';
import { AccountRequestError, deleteAccount } from './account-api.ts';

type Props = {
  email: string;
  /** Whether the account has a password to confirm with; else the email is typed out. */
  hasPassword: boolean;
};

/**
 * Settings › Account › Delete account: a dialog asks for the password (or, for an account
 * without one, the email typed out); the server then deletes the person and everything of
 * theirs, and this browser deletes what it holds and shows the sign-in page.
 */
export function DeleteAccount({ email, hasPassword }: Props) {
  const session = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('confirm') ?? '');
    setBusy(true);
    setProblem(null);
    try {
      await deleteAccount(hasPassword ? { password: value } : { email: value });
      // The server has no session for this browser any more: asking again signs it out here
      // and deletes its local data, as on every other device.
      await session.recheck();
    } catch (error) {
      setProblem(
        error instanceof AccountRequestError ? error.message : 'That did not work. Try again.',
      );
      setBusy(false);
    }
  }

  return (
    <div className="account-action">
      <button
        type="button"
        className="button button--danger"
        onClick={() => {
          setProblem(null);
          dialog.current?.showModal();
        }}
      >
        Delete account
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="delete-account-title">
        <form className="account-form" onSubmit={(event) => void confirm(event)}>
          <h2 id="delete-account-title">Delete your account?</h2>
          <p>
            Your conversations, messages, saved key and usage are deleted from Parley for good, and
            every browser signed in as you is signed out and cleared. Export your data first if you
            want a copy.
          </p>
          <label className="field">
            <span>{hasPassword ? 'Your password' : `Type ${email} to confirm`}</span>
            <input
              name="confirm"
              type={hasPassword ? 'password' : 'text'}
              autoComplete={hasPassword ? 'current-password' : 'off'}
              required
            />
          </label>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <div className="dialog-buttons">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => dialog.current?.close()}
            >
              Cancel
            </button>
            <button type="submit" className="button button--danger" disabled={busy}>
              {busy ? 'Deleting…' : 'Delete everything'}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
