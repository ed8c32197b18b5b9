import { type RefObject, useEffect, useState } from 'react';

type Outcome = 'copied' | 'selected' | null;

/**
 * `Copy link`: puts the link on the clipboard and says `Copied` for a moment. Where the
 * clipboard is refused (no permission, plain http) it selects the link in its box instead, for
 * the person to copy themselves; a refusal is expected there, so nothing is logged.
 */
export function CopyLinkButton({
  text,
  box,
}: {
  text: string;
  box: RefObject<HTMLInputElement | null>;
}) {
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), 2_000);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      box.current?.focus();
      box.current?.select();
      setOutcome('selected');
    }
  }

  return (
    <div className="copy-link">
      <button type="button" className="button button--primary" onClick={() => void copy()}>
        Copy link
      </button>
      <span className="copy-outcome" aria-live="polite">
        {outcome === 'copied'
          ? 'Copied'
          : outcome === 'selected'
            ? 'Selected: copy it from the box'
            : ''}
      </span>
    </div>
  );
}
