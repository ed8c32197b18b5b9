import { afterEach, expect, test } from 'vitest';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.ts';
import { createLogger, type LogLevel } from './log.ts';
import { setProcessLog } from './process-log.ts';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** The lines the process log writes from now on, at `level`. */
function captureProcessLog(level: LogLevel): string[] {
  const written: string[] = [];
  const previous = setProcessLog(createLogger({ level, write: (line) => written.push(line) }));
  restore = () => setProcessLog(previous);
  return written;
}

/** A listener that fails on a message, told alongside one that does not. */
async function failListenerOn(message: string): Promise<string[]> {
  const pubsub = createMemoryPubSub();
  const heard: string[] = [];
  await pubsub.subscribe('parley:poke:person-7', () => {
    throw new Error('the listener tripped');
  });
  await pubsub.subscribe('parley:poke:person-7', (text) => heard.push(text));
  await pubsub.publish('parley:poke:person-7', message);
  return heard;
}

test('a failing pub/sub listener is one JSON line with its event and error, not the message', async () => {
  const written = captureProcessLog('info');
  const heard = await failListenerOn('Purple-zeppelin-4417');
  expect(heard).toEqual(['Purple-zeppelin-4417']);
  expect(written).toHaveLength(1);
  const line = JSON.parse(written[0] ?? '') as Record<string, unknown>;
  expect(line).toMatchObject({
    level: 'error',
    event: 'pubsub.listener_failed',
    driver: 'memory',
    error: expect.stringContaining('Error: the listener tripped'),
  });
  expect(Date.parse(String(line.time))).not.toBeNaN();
  expect(written[0]).not.toContain('zeppelin');
  expect(written[0]).not.toContain('person-7');
});

test('with LOG_LEVEL=silent the same failure writes nothing', async () => {
  const written = captureProcessLog('silent');
  await failListenerOn('poke');
  expect(written).toEqual([]);
});
