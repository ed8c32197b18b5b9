import { type PubSub, type PubSubListener, tellListener } from './pubsub.ts';

/** One listener's place among a channel's: `first` if the channel had none in this process. */
export type LocalListener = {
  first: boolean;
  /** Takes the listener away; true if it was the channel's last in this process. */
  remove(): boolean;
};

/**
 * The listeners of this process, by channel, that a driver tells each message it hears: the
 * driver holds one subscription per channel however many listen here (the memory driver, none).
 */
export function createLocalListeners(driver: PubSub['driver']) {
  const channels = new Map<string, Set<PubSubListener>>();
  return {
    add(channel: string, listener: PubSubListener): LocalListener {
      let listeners = channels.get(channel);
      if (!listeners) {
        listeners = new Set();
        channels.set(channel, listeners);
      }
      // Wrapped, so that the same function subscribed twice counts twice.
      const entry: PubSubListener = (message) => listener(message);
      listeners.add(entry);
      const own = listeners;
      return {
        first: own.size === 1,
        remove() {
          own.delete(entry);
          if (own.size > 0 || channels.get(channel) !== own) return false;
          channels.delete(channel);
          return true;
        },
      };
    },
    tell(channel: string, message: string): void {
      for (const listener of channels.get(channel) ?? []) tellListener(driver, listener, message);
    },
    channels: (): Iterable<string> => channels.keys(),
    clear: (): void => channels.clear(),
  };
}
