import type { Page } from 'playwright-core';

/** A request's moments and a poke's arrival, as a page's network saw them (epoch ms). */
export type NetworkEvent =
  | { kind: 'sent' | 'done'; url: string; at: number }
  | { kind: 'event-source'; at: number };

/**
 * Records `page`'s requests (sent, finished) and EventSource messages, in epoch ms, into the
 * returned array as they happen: for splitting a path that crosses devices into its parts.
 * CDP stamps events with a monotonic clock; a request's wall time gives the offset to epoch.
 */
export async function recordNetwork(page: Page): Promise<NetworkEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: NetworkEvent[] = [];
  const urls = new Map<string, string>();
  let epochOffset = 0;
  const epoch = (monotonicSeconds: number) => (monotonicSeconds + epochOffset) * 1000;
  type Sent = { requestId: string; timestamp: number; wallTime: number; request: { url: string } };
  type Stamped = { requestId: string; timestamp: number };
  cdp.on('Network.requestWillBeSent', (event: Sent) => {
    epochOffset = event.wallTime - event.timestamp;
    urls.set(event.requestId, event.request.url);
    events.push({ kind: 'sent', url: event.request.url, at: event.wallTime * 1000 });
  });
  cdp.on('Network.loadingFinished', (event: Stamped) => {
    const url = urls.get(event.requestId) ?? '';
    events.push({ kind: 'done', url, at: epoch(event.timestamp) });
  });
  cdp.on('Network.eventSourceMessageReceived', (event: Stamped) => {
    events.push({ kind: 'event-source', at: epoch(event.timestamp) });
  });
  await cdp.send('Network.enable');
  return events;
}

/** The first event at or after `from` that `match` accepts. */
export function firstAfter(
  events: readonly NetworkEvent[],
  from: number,
  match: (event: NetworkEvent) => boolean,
): NetworkEvent | undefined {
  return events.find((event) => event.at >= from && match(event));
}
