import { type FormEvent, useEffect, useId, useState } from 'react';
import { useCurrentUser } from '../auth/use-current-user.ts';
import { KeyRequestError, removeOpenRouterKey, saveOpenRouterKey } from './api-keys.ts';
import { noteOwnKey, refreshKeyStatus, useKeyStatus } from './key-status.ts';

/**
 * Settings › API keys: the person's own OpenRouter key. Checked with OpenRouter before it is
 * kept; afterwards only its last four characters are ever shown, here or anywhere.
 */
export function ApiKeysSection() {
  const user = useCurrentUser();
  const status = useKeyStatus(user.id);
  const inputId = useId();
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState<'checking' | 'removing' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // Fresh on opening: the key may have been saved or removed on another device.
  useEffect(() => {
    void refreshKeyStatus(user.id);
  }, [user.id]);

  async function act(kind: 'checking' | 'removing', request: () => Promise<void>) {
    setBusy(kind);
    setProblem(null);
    setSaved(false);
    try {
      await request();
    } catch (error) {
      setProblem(
        error instanceof KeyRequestError ? error.message : 'That did not work. Try again.',
      );
    } finally {
      setBusy(null);
    }
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void act('checking', async () => {
      noteOwnKey(user.id, await saveOpenRouterKey(draft.trim()));
      setDraft('');
      setSaved(true);
    });
  };
  const remove = () =>
    void act('removing', async () => noteOwnKey(user.id, await removeOpenRouterKey()));

  const own = status.ownKey;
  return (
    <section className="settings-section" aria-labelledby="settings-keys">
      <h2 id="settings-keys">API keys</h2>
      <p className="muted">
        With your own OpenRouter key, OpenRouter models answer on your account.
        {status.operatorKey === false && ' Without one, only Parley Demo can answer here.'} The key
        is stored encrypted and never shown again: only its last four characters.
      </p>
      {own && (
        <p className="saved-key">
          <span>
            Your OpenRouter key ends in <code>{own.lastFour}</code>
          </span>
          <button
            type="button"
            className="button button--danger"
            disabled={busy !== null}
            onClick={remove}
          >
            {busy === 'removing' ? 'Removing…' : 'Remove key'}
          </button>
        </p>
      )}
      <form className="key-form" onSubmit={save}>
        <label className="field" htmlFor={inputId}>
          OpenRouter API key
        </label>
        <div className="key-form-row">
          <input
            id={inputId}
            type="text"
            name="openrouter-key"
            autoComplete="off"
            spellCheck={false}
            placeholder={own ? 'Paste a new key to replace it' : 'sk-or-v1-…'}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={busy !== null || draft.trim() === ''}
          >
            {busy === 'checking' ? 'Checking…' : 'Save key'}
          </button>
        </div>
      </form>
      {saved && <p className="muted">Saved. OpenRouter models now answer on your key.</p>}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
