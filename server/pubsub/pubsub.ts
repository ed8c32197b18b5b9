import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';

/** Called with each message published on a channel. */
export type PubSubListener = (message: string) => void;

/**
 * What every listener hears when messages may have been lost: the driver lost its connection
 * and has it back, and whatever was published meanwhile went nowhere. Listeners look at the
 * source of truth again (a poke stream tells its tabs to pull). No publisher sends it.
 */
export const mayHaveMissed = 'parley:may-have-missed';

/**
 * Fan-out of small notices (pokes) between server code, across processes when the driver is
 * shared. Delivery is at-most-once: listeners must treat a message as a hint, not as data.
 */
export interface PubSub {
  readonly driver: 'memory' | 'redis' | 'upstash';
  /**
   * Sends a message to the channel's listeners. Bounded: while the shared driver is out of
   * reach it rejects at once (or within a couple of seconds), it never waits for it to return.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>>;
  /** Whether the shared driver answers now (health checks); the in-process one always does. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Gives `message` to `listener`. One that throws is logged (without the message, which can name
 * its person) and does not stop the others from hearing it.
 */
export function tellListener(
  driver: PubSub['driver'],
  listener: PubSubListener,
  message: string,
): void {
  try {
    listener(message);
  } catch (error) {
    processLog.error('pubsub.listener_failed', { driver, error: loggableError(error) });
  }
}
