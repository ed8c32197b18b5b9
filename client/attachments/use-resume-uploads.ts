import { useEffect } from 'react';
import { resumeUploads } from './upload-queue.ts';

/**
 * Starts again, once the app is open, the uploads this device had not finished when it was
 * last closed or reloaded: their bytes wait in Dexie, and messages may be waiting for them.
 */
export function useResumeUploads(): void {
  useEffect(() => {
    resumeUploads().catch((error: unknown) => {
      console.warn('[attachments] could not resume uploads', error);
    });
  }, []);
}
