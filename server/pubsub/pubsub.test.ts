import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { requireServiceOrWarn } from '../testing/services.ts';
import { lazyUpstashBridge } from '../testing/upstash-bridge.ts';
import { waitFor } from '../testing/wait-for.ts';
import { createMemoryPubSub } from './memory-pubsub.ts';
import { mayHaveMissed, type PubSub } from './pubsub.ts';
import { createRedisPubSub } from './redis-pubsub.ts';
import { createUpstashPubSub } from './upstash-pubsub.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const drivers: { name: string; open: () => Promise<PubSub> }[] = [
  { name: 'memory', open: async () => createMemoryPubSub() },
];
if (
  requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') &&
  redisUrl
) {
  drivers.push({ name: 'redis', open: () => createRedisPubSub(redisUrl) });
}
// Upstash's REST API, spoken by a bridge in front of the same Redis.
const upstash = redisUrl ? lazyUpstashBridge(redisUrl) : undefined;
if (upstash) {
  drivers.push({ name: 'upstash', open: async () => createUpstashPubSub(await upstash.options()) });
}
afterAll(() => upstash?.close());

// The contract every pub/sub driver keeps. Channels are unique per test so a shared Redis
// never mixes runs.
describe.each(drivers)('pub/sub contract: $name', ({ open }) => {
  const opened: PubSub[] = [];
  const connect = async () => {
    const pubsub = await open();
    opened.push(pubsub);
    return pubsub;
  };
  const channel = () => `test:${crypto.randomUUID()}`;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  test('every subscriber of a channel hears a message, in order', async () => {
    const pubsub = await connect();
    const name = channel();
    const heardA: string[] = [];
    const heardB: string[] = [];
    await pubsub.subscribe(name, (m) => heardA.push(m));
    await pubsub.subscribe(name, (m) => heardB.push(m));
    await pubsub.publish(name, 'one');
    await pubsub.publish(name, 'two');
    await waitFor(() => (heardA.length === 2 && heardB.length === 2 ? true : undefined));
    expect(heardA).toEqual(['one', 'two']);
    expect(heardB).toEqual(['one', 'two']);
  });

  test('a driver that is there says so to health checks', async () => {
    expect(await (await connect()).reachable()).toBe(true);
  });

  test('other channels hear nothing', async () => {
    const pubsub = await connect();
    const mine = channel();
    const heard: string[] = [];
    await pubsub.subscribe(channel(), (m) => heard.push(`other:${m}`));
    await pubsub.subscribe(mine, (m) => heard.push(m));
    await pubsub.publish(mine, 'hello');
    await waitFor(() => (heard.includes('hello') ? true : undefined));
    expect(heard).toEqual(['hello']);
  });

  test('after unsubscribing a listener hears no more, while others still do', async () => {
    const pubsub = await connect();
    const name = channel();
    const gone: string[] = [];
    const staying: string[] = [];
    const unsubscribe = await pubsub.subscribe(name, (m) => gone.push(m));
    await pubsub.subscribe(name, (m) => staying.push(m));
    await unsubscribe();
    await pubsub.publish(name, 'after');
    await waitFor(() => (staying.length === 1 ? true : undefined));
    expect(gone).toEqual([]);
  });

  test('a message crosses between two connections (two server processes)', async () => {
    const first = await connect();
    const second = await connect();
    const name = channel();
    const heard: string[] = [];
    await second.subscribe(name, (m) => heard.push(m));
    await first.publish(name, 'across');
    if (first.driver === 'memory') {
      // In-process pub/sub is per process by design: separate instances do not share.
      await first.publish(name, 'again');
      expect(heard).toEqual([]);
      return;
    }
    await waitFor(() => (heard.length === 1 ? true : undefined));
    expect(heard).toEqual(['across']);
  });
});

describe.runIf(upstash)('pub/sub over Upstash', () => {
  const bridge = upstash as NonNullable<typeof upstash>;

  test('a subscription whose stream is dropped comes back, saying messages may have been missed', async () => {
    const pubsub = await createUpstashPubSub(await bridge.options());
    try {
      const name = `test:${crypto.randomUUID()}`;
      const heard: string[] = [];
      await pubsub.subscribe(name, (m) => heard.push(m));
      (await bridge.bridge()).endSubscriptions();
      await waitFor(() => (heard.includes(mayHaveMissed) ? true : undefined), {
        what: 'the subscription to come back',
      });
      await pubsub.publish(name, 'after');
      await waitFor(() => (heard.includes('after') ? true : undefined));
      expect(heard).toEqual([mayHaveMissed, 'after']);
    } finally {
      await pubsub.close();
    }
  });

  test('a wrong token is refused: not reachable, and nothing is subscribed', async () => {
    const { url } = await bridge.options();
    const pubsub = await createUpstashPubSub({ url, token: 'not-the-token' });
    expect(await pubsub.reachable()).toBe(false);
    await expect(pubsub.subscribe('test:refused', () => {})).rejects.toThrow(/401/);
    await expect(pubsub.publish('test:refused', 'x')).rejects.toThrow(/Unauthorized/);
    await pubsub.close();
  });

  test('closing ends every subscription stream', async () => {
    const pubsub = await createUpstashPubSub(await bridge.options());
    const open = (await bridge.bridge()).openSubscriptions();
    await pubsub.subscribe(`test:${crypto.randomUUID()}`, () => {});
    await pubsub.subscribe(`test:${crypto.randomUUID()}`, () => {});
    expect((await bridge.bridge()).openSubscriptions()).toBe(open + 2);
    await pubsub.close();
    await waitFor(async () =>
      (await bridge.bridge()).openSubscriptions() === open ? true : undefined,
    );
  });
});
