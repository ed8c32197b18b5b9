/** Bytes queued for a reader before writes report it full, as Node's high-water mark does. */
const highWaterBytes = 16 * 1024;

const encoder = new TextEncoder();

type Listener = () => void;

/**
 * An event stream on a web `ReadableStream`, for runtimes without Node's response (Workers):
 * the part of Node's `ServerResponse` the event-stream writers use (http/event-stream.ts), so
 * poke and answer streams are written the same way on both. 'close' fires when the reader goes
 * away or the stream is ended; 'drain' when a full queue has been read down.
 */
export class WebEventResponse {
  destroyed = false;
  writableEnded = false;
  writableNeedDrain = false;
  readonly #listeners = { close: new Set<Listener>(), drain: new Set<Listener>() };
  readonly #stream: ReadableStream<Uint8Array>;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(opening?: string) {
    this.#stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
          // The headers go out with the response; `opening`, if any, with them.
          if (opening !== undefined) controller.enqueue(encoder.encode(opening));
        },
        pull: () => {
          if (!this.writableNeedDrain) return;
          this.writableNeedDrain = false;
          this.#emit('drain');
        },
        cancel: () => this.#closed(),
      },
      { highWaterMark: highWaterBytes, size: (chunk) => chunk.byteLength },
    );
  }

  /** The response that carries the stream, with an event stream's headers. */
  toResponse(): Response {
    return new Response(this.#stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        // Proxies must not buffer an event stream.
        'x-accel-buffering': 'no',
      },
    });
  }

  /** Queues `text`; false once the queue is full (wait for 'drain'), as Node's `write`. */
  write(text: string): boolean {
    if (this.writableEnded || this.destroyed || !this.#controller) return false;
    this.#controller.enqueue(encoder.encode(text));
    const full = (this.#controller.desiredSize ?? 0) <= 0;
    if (full) this.writableNeedDrain = true;
    return !full;
  }

  end(): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    try {
      this.#controller?.close();
    } catch {
      // Already cancelled by the reader.
    }
    this.#closed();
    return this;
  }

  destroy(): this {
    try {
      this.#controller?.error(new Error('The event stream was cut.'));
    } catch {
      // Already closed.
    }
    this.writableEnded = true;
    this.#closed();
    return this;
  }

  on(event: 'close' | 'drain', listener: Listener): this {
    this.#listeners[event].add(listener);
    return this;
  }

  once(event: 'close' | 'drain', listener: Listener): this {
    const once = () => {
      this.off(event, once);
      listener.call(this);
    };
    return this.on(event, once);
  }

  off(event: 'close' | 'drain', listener: Listener): this {
    this.#listeners[event].delete(listener);
    return this;
  }

  #closed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.#emit('close');
  }

  #emit(event: 'close' | 'drain'): void {
    for (const listener of [...this.#listeners[event]]) listener.call(this);
  }
}
