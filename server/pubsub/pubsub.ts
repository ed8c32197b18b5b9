/** Called with each message published on a channel. */
export type PubSubListener = (message: string) => void;

/**
 * Fan-out of small notices (pokes) between server code, across processes when the driver is
 * shared. Delivery is at-most-once: listeners must treat a message as a hint, not as data.
 */
export interface PubSub {
  readonly driver: 'memory' | 'redis';
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
