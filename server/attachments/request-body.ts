import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { badRequest } from '../http/app-error.ts';

/**
 * The request's body as a stream. On Node it is read from the request itself, a chunk when
 * asked for one: the adapter's web stream (`c.req.raw.body`) wraps Node's stream twice and
 * cost an upload half its speed. Elsewhere (Workers) it is the Request's own body.
 *
 * Cancelling it stops reading without destroying the request, so that the refusal can still
 * be sent on its connection (which the route then closes).
 */
export function requestBody(c: Context): ReadableStream<Uint8Array> | null {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (!incoming || !('readableEnded' in incoming)) return c.req.raw.body;
  return nodeBody(incoming as IncomingMessage);
}

function nodeBody(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const onReady = () => wake?.();
  const onError = (error: Error) => {
    failed = error;
    wake?.();
  };
  // Closed before its end: the client went away mid-upload.
  const onClose = () => {
    // The client's doing, not a fault of the server's: no one is left to read the answer.
    if (!incoming.readableEnded) onError(badRequest('The upload broke off before its end.'));
  };
  incoming.on('readable', onReady);
  incoming.on('end', onReady);
  incoming.on('error', onError);
  incoming.on('close', onClose);
  const stop = () => {
    incoming.off('readable', onReady);
    incoming.off('end', onReady);
    incoming.off('error', onError);
    incoming.off('close', onClose);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (failed) {
            stop();
            throw failed;
          }
          const chunk = incoming.read() as Buffer | null;
          if (chunk !== null) return controller.enqueue(chunk);
          if (incoming.readableEnded) {
            stop();
            return controller.close();
          }
          // Nothing buffered: wait for more, the end, or an error (the client went away).
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 0 },
  );
}
