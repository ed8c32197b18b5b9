import { type FormEvent, useEffect, useId, useState } from 'react';
import { limits } from '../../shared/limits.ts';
import { maxPasswordChars, passwordRule } from '../../shared/password-rules.ts';
import { ConnectionStatus } from '../shell/connection-status.tsx';
import { whenIdle } from '../shell/when-idle.ts';
import { authErrorMessage } from './auth-error-message.ts';
import { loadAuthClient } from './load-auth-client.ts';
import { newPasswordProblem } from './password-check.ts';
import { toSignedInUser } from './signed-in-user.ts';
import { SocialSignIn } from './social-sign-in.tsx';
import { useSession } from './use-session.ts';

type Mode = 'sign-in' | 'create-account';

const unreachable = 'Parley could not be reached. Check your connection and try again.';
// A new account that does not sign in: the address already had an account, with another
// password. Said without saying so.
const checkDetails = 'Check your details, or sign in if this email already has an account.';

/** Sign in, or create an account, with email and password (and GitHub / Google if configured). */
export function LoginPage() {
  const session = useSession();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = mode === 'create-account';
  const ruleId = useId();
  useEffect(preloadAuthClient, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(null);
    try {
      const authClient = await loadAuthClient();
      const email = field('email').trim();
      const password = field('password');
      if (creating) {
        // The server's own rule, checked here first so that it is said before anything is sent.
        const weak = await newPasswordProblem(password);
        if (weak) {
          setError(weak);
          return;
        }
        // Creating an account never signs in, and answers alike for an address that already
        // has one (so nobody learns whose it is); signing in comes next either way.
        const created = await authClient.signUp.email({
          name: field('name').trim(),
          email,
          password,
        });
        if (created.error) {
          setError(authErrorMessage(created.error));
          return;
        }
      }
      const { data, error } = await authClient.signIn.email({ email, password });
      const user = data ? toSignedInUser(data.user) : null;
      if (user) session.signedIn(user);
      else if (creating && error?.status === 401) setError(checkDetails);
      else setError(authErrorMessage(error));
    } catch {
      setError(unreachable);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <div className="login-card">
        <p className="brand brand--large">Parley</p>
        <h1>{creating ? 'Create your account' : 'Welcome back'}</h1>
        <form className="login-form" onSubmit={(event) => void submit(event)}>
          {creating && (
            <label className="field">
              <span>Name</span>
              <input
                name="name"
                type="text"
                autoComplete="name"
                maxLength={limits.nameChars}
                required
              />
            </label>
          )}
          <label className="field">
            <span>Email</span>
            <input
              name="email"
              type="email"
              autoComplete="email"
              maxLength={limits.emailChars}
              required
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={creating ? 'new-password' : 'current-password'}
              {...(creating && { maxLength: maxPasswordChars, 'aria-describedby': ruleId })}
              required
            />
          </label>
          {creating && (
            <p id={ruleId} className="muted field-hint">
              {passwordRule}
            </p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {creating ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <SocialSignIn onError={setError} />
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(creating ? 'sign-in' : 'create-account');
            setError(null);
          }}
        >
          {creating ? 'Have an account? Sign in instead' : 'Need an account? Create one'}
        </button>
        <ConnectionStatus />
      </div>
    </main>
  );
}

/**
 * Once the page has painted and the browser is idle, loads the auth client, so that signing
 * in does not wait for it. A failure here is retried when it is used. (The signed-in app is
 * not preloaded: evaluating it is a long task, which would block someone typing.)
 */
function preloadAuthClient() {
  return whenIdle(() => void loadAuthClient().catch(() => undefined), 200);
}
