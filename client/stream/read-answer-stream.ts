import { readChunk } from '../../shared/stream-events.ts';
import { getAnswerText, setAnswerText } from './answer-cache.ts';
import { addChunks, type Chunks } from './answer-text.ts';
import { type RunToResume, saveRunsOnLeave } from './runs-to-resume.ts';

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

type Handlers = Pick<Options, 'onEnded' | 'onRefused'>;
type Reader = { handlers: Handlers; stop: () => void };

/**
 * Runs wanted (being read, or waiting for the network), with their message, until they end or
 * nobody shows them any more: what a reload of this tab starts reading again at once.
 */
const wantedRuns = new Map<string, string>();
/** Readers started before anyone showed their answer (see `readAhead`), by run. */
const readAheads = new Map<string, Reader>();

/**
 * Reads a run's chunks into the answer cache from the first offset it does not have yet, until
 * the `final` event. Network drops are the browser's to retry: EventSource reconnects on its own
 * with `Last-Event-ID`. Takes over a reader started ahead for the run, if there is one. Returns a
 * function that stops reading.
 */
export function readAnswerStream({ messageId, runId, onEnded, onRefused }: Options): () => void {
  const ahead = readAheads.get(runId);
  if (ahead) {
    readAheads.delete(runId);
    ahead.handlers = { onEnded, onRefused };
    return ahead.stop;
  }
  // Ended already (read ahead, or by an earlier reader): its final row can be fetched now.
  if (getAnswerText(runId).ended) {
    onEnded();
    return () => {};
  }
  return openReader(messageId, runId, { onEnded, onRefused }).stop;
}

/**
 * Starts reading runs before the page that shows them has loaded: a reload in mid-answer asks
 * for the text while the app's code and the local store are still opening, and the answer's
 * first render finds it there. A reader nobody takes over within `unclaimedMs` is stopped.
 */
export function readAhead(runs: readonly RunToResume[]): void {
  for (const { messageId, runId } of runs) {
    if (readAheads.has(runId)) continue;
    const reader = openReader(messageId, runId, { onEnded: () => {}, onRefused: () => {} });
    readAheads.set(runId, reader);
    setTimeout(() => {
      if (readAheads.get(runId) !== reader) return;
      readAheads.delete(runId);
      reader.stop();
    }, unclaimedMs);
  }
}

const unclaimedMs = 15_000;

// What this page is reading when it goes away, for `readAhead` in the next load of this tab.
if (typeof window !== 'undefined') {
  saveRunsOnLeave(() => [...wantedRuns].map(([runId, messageId]) => ({ messageId, runId })));
}

function openReader(messageId: string, runId: string, handlers: Handlers): Reader {
  let source: EventSource | null = null;
  let gaps = 0;
  let stopped = false;
  const reader: Reader = {
    handlers,
    stop: () => {
      stopped = true;
      finish();
    },
  };
  // Listed while wanted, through a dropped connection too: a page being unloaded has its
  // connections cut before it hears `pagehide`.
  wantedRuns.set(runId, messageId);

  const close = () => {
    source?.close();
    source = null;
    window.removeEventListener('online', open);
  };
  const finish = () => {
    close();
    wantedRuns.delete(runId);
    // Ended or refused before anyone took it over: whoever shows the run starts afresh.
    if (readAheads.get(runId) === reader) readAheads.delete(runId);
  };

  function open() {
    close();
    const { next, ended } = getAnswerText(runId);
    if (stopped || ended) return;
    const path = `/api/streams/${encodeURIComponent(messageId)}`;
    const current = new EventSource(next > 0 ? `${path}?from=${next}` : path);
    source = current;
    // Where the next event's chunks start: after the previous event's id, which is also where
    // the browser resumes when it reconnects on its own.
    let startsAt = next;

    current.addEventListener('chunk', (event) => {
      const chunks = parseChunks(event, startsAt);
      if (chunks) startsAt = chunks.last + 1;
      const added = chunks ? addChunks(getAnswerText(runId), chunks) : 'gap';
      if (added !== 'gap') {
        setAnswerText(runId, added, { notify: 'batched' });
        return;
      }
      // Resuming after the last id seen would never fill the hole (and a chunk that cannot be
      // read cannot be placed): start again from the first offset missing.
      gaps += 1;
      if (gaps > maxGaps) {
        finish();
        reader.handlers.onRefused();
      } else open();
    });

    current.addEventListener('final', () => {
      finish();
      setAnswerText(runId, { ...getAnswerText(runId), ended: true });
      reader.handlers.onEnded();
    });

    current.addEventListener('error', () => {
      // CONNECTING: the browser is already retrying. CLOSED: it gave up, either because the
      // server answered with an error status or because the network is gone for now.
      if (current.readyState !== EventSource.CLOSED) return;
      if (navigator.onLine) {
        finish();
        reader.handlers.onRefused();
      } else {
        close();
        window.addEventListener('online', open, { once: true });
      }
    });
  }

  open();
  return reader;
}

/**
 * A `chunk` event's chunks: from `first` (where the previous event ended) to its id. An id
 * before `first` names one chunk sent again, which the answer already holds.
 */
function parseChunks(event: MessageEvent, first: number): Chunks | null {
  const last = event.lastEventId === '' ? Number.NaN : Number(event.lastEventId);
  if (!Number.isSafeInteger(last) || last < 0) return null;
  try {
    const { kind, text } = readChunk(String(event.data));
    return { first: Math.min(first, last), last, text, kind };
  } catch {
    return null;
  }
}
