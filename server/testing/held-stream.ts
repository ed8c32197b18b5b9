import { readEvents, type SseEvent } from './sse-reader.ts';

/** An event stream held open by a test, as a browser tab holds one. */
export type HeldStream = {
  events: SseEvent[];
  /** Resolves once the server has answered 200 and the body is flowing. */
  opened: Promise<void>;
  /** True once the server ended the stream (not the test). */
  endedByServer(): boolean;
  /** Lets go of the stream from the client side. */
  close(): Promise<void>;
};

/** Opens `url` as an event stream with `cookie`, recording every event until either side ends it. */
export function holdStream(url: string, cookie: string): HeldStream {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  let markOpen: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    markOpen = resolve;
    fail = reject;
  });
  let ended = false;
  const reading = readEvents(url, { cookie }, abort.signal, {
    onOpen: markOpen,
    onEvent: (event) => events.push(event),
  })
    .then((status) => {
      if (status !== 200) fail(new Error(`${url} answered ${status}`));
    })
    // The server closing the connection under a body being read is an ending too.
    .catch(() => {})
    .finally(() => {
      ended = !abort.signal.aborted;
    });
  return {
    events,
    opened,
    endedByServer: () => ended,
    async close() {
      abort.abort();
      await reading;
    },
  };
}
