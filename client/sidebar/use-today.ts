import { useEffect, useState } from 'react';

const startOfDay = (at: Date) => new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();

/**
 * The start of today (epoch ms), moving on at midnight: the list's Today and Yesterday follow
 * the calendar even when nothing else renders the list again.
 */
export function useToday(): number {
  const [today, setToday] = useState(() => startOfDay(new Date()));
  useEffect(() => {
    const start = new Date(today);
    const tomorrow = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
    // A second past midnight, so the new day has begun by every clock's rounding.
    const wait = tomorrow.getTime() - Date.now() + 1000;
    const timer = setTimeout(() => setToday(startOfDay(new Date())), wait);
    return () => clearTimeout(timer);
  }, [today]);
  return today;
}
