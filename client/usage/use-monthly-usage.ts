import { useCallback, useEffect, useState } from 'react';
import type { ReadTransaction } from 'replicache';
import { Message } from '../../shared/entities.ts';
import { messagePrefix } from '../../shared/keys.ts';
import { parseEach } from '../../shared/queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';
import { type ModelUsage, monthlyUsage, startOfMonth } from './monthly-usage.ts';

/**
 * This month's usage per model, from the messages on this device (so it holds offline), kept
 * current as answers finish. Undefined until the first read.
 */
export function useMonthlyUsage(): { month: Date; rows: ModelUsage[] | undefined } {
  const rep = useReplicache();
  const month = useCurrentMonth();
  const query = useCallback(
    async (tx: ReadTransaction) => {
      const values = await tx.scan({ prefix: messagePrefix }).values().toArray();
      return monthlyUsage(parseEach(Message, values), month);
    },
    [month],
  );
  return { month, rows: useSubscribe(rep, query) };
}

/** The first of this month; moves on when the page stays open into the next one. */
function useCurrentMonth(): Date {
  const [month, setMonth] = useState(() => firstOfMonth(new Date()));
  useEffect(() => {
    const next = new Date(month.getFullYear(), month.getMonth() + 1, 1);
    // Timers past about 24 days fire at once; checking daily is plenty.
    const timer = setTimeout(
      () => setMonth(firstOfMonth(new Date())),
      Math.min(next.getTime() - Date.now(), 86_400_000),
    );
    return () => clearTimeout(timer);
  }, [month]);
  return month;
}

const firstOfMonth = (now: Date) => new Date(startOfMonth(now));
