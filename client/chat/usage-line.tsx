import type { Message } from '../../shared/entities.ts';
import { isFinalStatus } from '../../shared/message-status.ts';
import { formatUsage, formatUsageBreakdown } from '../usage/format-usage.ts';

/**
 * Under a finished answer: "1,234 tokens · $0.0021". The split into input and output (with
 * cached input and reasoning) is its tooltip, and is read out after the total.
 */
export function UsageLine({ message }: { message: Message }) {
  const { usage } = message;
  if (message.role !== 'assistant' || !usage || !isFinalStatus(message.status)) return null;
  const breakdown = formatUsageBreakdown(usage);
  return (
    <p className="usage-line" data-usage title={breakdown || undefined}>
      {formatUsage(usage)}
      {breakdown && <span className="visually-hidden"> ({breakdown})</span>}
    </p>
  );
}
