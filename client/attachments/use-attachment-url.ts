import { useEffect, useState } from 'react';
import type { Attachment } from '../../shared/entities.ts';
import { afterNextPaint } from '../shell/after-next-paint.ts';
import { useOnline } from '../sync/use-online.ts';
import {
  AttachmentUnavailable,
  fetchAttachmentBlob,
  type MissingReason,
  storedAttachmentBlob,
} from './attachment-bytes.ts';

export type AttachmentUrl =
  | { status: 'loading' }
  | { status: 'ready'; url: string }
  | { status: 'missing'; reason: MissingReason };

/**
 * An object URL of an attachment's bytes while the component showing it is mounted (revoked
 * when it unmounts): read from the device, or fetched (and kept) once shown. Bytes that could
 * not be fetched offline are fetched again when the network returns.
 */
export function useAttachmentUrl(attachment: Attachment): AttachmentUrl {
  const [shown, setShown] = useState<{ id: string; url: AttachmentUrl }>({
    id: attachment.id,
    url: { status: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);
  const online = useOnline();
  const current = shown.id === attachment.id ? shown.url : { status: 'loading' as const };
  const waitingForNetwork = current.status === 'missing' && current.reason === 'offline';

  useEffect(() => {
    if (online && waitingForNetwork) setAttempt((n) => n + 1);
  }, [online, waitingForNetwork]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the bytes again
  useEffect(() => {
    let live = true;
    let url: string | undefined;
    const bytes = async () => {
      const stored = await storedAttachmentBlob(attachment);
      if (stored) return stored;
      // Only if still shown once painted: a list's first render may mount rows it replaces
      // before they paint (it opens at its end), and those are not to be fetched.
      await afterNextPaint();
      return live ? fetchAttachmentBlob(attachment) : undefined;
    };
    bytes().then(
      (blob) => {
        if (!live || !blob) return;
        url = URL.createObjectURL(blob);
        setShown({ id: attachment.id, url: { status: 'ready', url } });
      },
      (error: unknown) => {
        if (!live) return;
        const reason = error instanceof AttachmentUnavailable ? error.reason : 'failed';
        if (!(error instanceof AttachmentUnavailable)) console.warn('[attachments]', error);
        setShown({ id: attachment.id, url: { status: 'missing', reason } });
      },
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachment.id, attempt]);

  return current;
}
