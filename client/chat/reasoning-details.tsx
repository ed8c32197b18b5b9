import { type ReactNode, useState } from 'react';

type Props = {
  /** How long the model reasoned, once the answer is final; null while it is unknown. */
  durationMs: number | null;
  /** The model is reasoning now, with no answer text yet: shown open, unless closed. */
  live: boolean;
  /** Renders the reasoning (as Markdown, like the answer). */
  children: ReactNode;
};

/**
 * What a thinking model reasoned before its answer, folded away under "Reasoning". It is
 * open while the reasoning is all there is to read, and folds once the answer begins; a
 * person who opens or closes it keeps their choice.
 */
export function ReasoningDetails({ durationMs, live, children }: Props) {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? live;
  return (
    <details
      className="reasoning"
      open={open}
      onToggle={(event) => {
        // Also fired when `open` changes here: only a change by the person is a choice.
        const now = event.currentTarget.open;
        if (now !== open) setChosen(now);
      }}
    >
      <summary>
        Reasoning
        {live ? '…' : durationMs !== null && ` · ${formatDuration(durationMs)}`}
      </summary>
      <div className="reasoning-text">{children}</div>
    </details>
  );
}

/** "4 s", "1 min 5 s": how long reasoning took, to the second (at least one). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0
    ? `${Math.floor(seconds / 60)} min`
    : `${Math.floor(seconds / 60)} min ${rest} s`;
}
