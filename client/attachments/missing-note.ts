import type { MissingReason } from './attachment-bytes.ts';

/** What a person reads where a file cannot be shown. */
export function missingNote(reason: MissingReason): string {
  switch (reason) {
    case 'offline':
      return 'Not on this device yet: shown once online';
    case 'gone':
      return 'No longer available';
    case 'failed':
      return 'Could not be loaded';
  }
}
