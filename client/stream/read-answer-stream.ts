import { decodeChunk } from '../../shared/stream-events.ts';
import { getAnswerText, setAnswerText } from './answer-cache.ts';
import { addChunk } from './answer-text.ts';

type Options = {
  messageId: string;
  runId: string;
  /** The stream sent its `final` event: the final row is committed and can be pulled. */
  onEnded: () => void;
  /** The server refused the stream (an HTTP error such as 401 or 404); nothing more is tried. */
  onRefused: () => void;
};

/** A reader that keeps skipping offsets is not going to get better: give up after this many. */
const maxGaps = 3;

/**
 * Reads a run's chunks into the answer cache from the first offset it does not have yet, until
 * the `final` event. Network drops are the browser's to retry: EventSource reconnects on its own
 * with `Last-Event-ID`. Returns a function that stops reading.
 */
export function readAnswerStream({ messageId, runId, onEnded, onRefused }: Options): () => void {
  let source: EventSource | null = null;
  let gaps = 0;
  let stopped = false;

  const close = () => {
    source?.close();
    source = null;
    window.removeEventListener('online', open);
  };

  function open() {
    close();
    const { next, ended } = getAnswerText(runId);
    if (stopped || ended) return;
    const path = `/api/streams/${encodeURIComponent(messageId)}`;
    const current = new EventSource(next > 0 ? `${path}?from=${next}` : path);
    source = current;

    current.addEventListener('chunk', (event) => {
      const chunk = parseChunk(event);
      const added = chunk ? addChunk(getAnswerText(runId), chunk.offset, chunk.delta) : 'gap';
      if (added !== 'gap') {
        setAnswerText(runId, added, { notify: 'batched' });
        return;
      }
      // Resuming after the last id seen would never fill the hole (and a chunk that cannot be
      // read cannot be placed): start again from the first offset missing.
      gaps += 1;
      if (gaps > maxGaps) {
        close();
        onRefused();
      } else open();
    });

    current.addEventListener('final', () => {
      close();
      setAnswerText(runId, { ...getAnswerText(runId), ended: true });
      onEnded();
    });

    current.addEventListener('error', () => {
      // CONNECTING: the browser is already retrying. CLOSED: it gave up, either because the
      // server answered with an error status or because the network is gone for now.
      if (current.readyState !== EventSource.CLOSED) return;
      close();
      if (navigator.onLine) onRefused();
      else window.addEventListener('online', open, { once: true });
    });
  }

  open();
  return () => {
    stopped = true;
    close();
  };
}

function parseChunk(event: MessageEvent): { offset: number; delta: string } | null {
  const offset = event.lastEventId === '' ? Number.NaN : Number(event.lastEventId);
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  try {
    return { offset, delta: decodeChunk(String(event.data)) };
  } catch {
    return null;
  }
}
