import { readdirSync, readFileSync } from 'node:fs';

/**
 * The CPU time a process has used so far, in ms, summed over its threads (V8's and libuv's as
 * well as the main one) from /proc's scheduler statistics (nanoseconds, unlike the 10 ms ticks
 * of /proc/<pid>/stat). Kernel time counts: a loopback write's delivery to the reader's socket
 * is done by the writer. 0 when the process is gone or this is not Linux.
 */
export function readCpuMs(pid: number | 'self'): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return ns / 1e6;
  } catch {
    return 0;
  }
}
