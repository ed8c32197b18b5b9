import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from '../shell/icons.tsx';

type Outcome = 'copied' | 'failed' | null;

/** `Copy`: puts `text` on the clipboard and says so for a moment. */
export function CopyButton({ text }: { text: string }) {
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), 1_500);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      // Missing outside secure contexts (plain http on a LAN): reported like any failure.
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
  }

  return (
    <>
      <button type="button" className="icon-button" title="Copy" onClick={() => void copy()}>
        {outcome === 'copied' ? <CheckIcon /> : <CopyIcon />}
        <span className="visually-hidden">Copy</span>
      </button>
      <span className="copy-outcome" aria-live="polite">
        {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Could not copy' : ''}
      </span>
    </>
  );
}
