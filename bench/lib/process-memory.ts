import { readFileSync } from 'node:fs';

/** A process's resident memory in KB, from /proc; 0 when it is gone or this is not Linux. */
export function readRssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0);
  } catch {
    return 0;
  }
}
