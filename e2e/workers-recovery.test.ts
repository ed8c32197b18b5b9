import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { message } from '../server/db/schema.ts';
import { clientBuildFolder } from '../server/project-paths.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { hasSharedStores } from '../server/testing/services.ts';
import { readEvents } from '../server/testing/sse-reader.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { startWranglerDev, type WranglerDev } from '../server/testing/wrangler-dev.ts';
import { decodeChunk, type StreamFinal } from '../shared/stream-events.ts';
import { wordsPrompt } from './app-journeys.ts';
import { buildClient } from './build-client.ts';

describe.runIf(hasSharedStores())('answers on Workers outlive their readers and a kill', () => {
  let worker: WranglerDev;

  beforeAll(async () => {
    // The Worker serves dist/client as its static assets: built once if it is not there.
    if (!existsSync(join(clientBuildFolder, 'index.html')))
      await buildClient(clientBuildFolder, 'workers');
    worker = await startWranglerDev({
      adminDatabaseUrl: process.env.TEST_DATABASE_URL ?? '',
      redisUrl: process.env.TEST_REDIS_URL ?? '',
      // The lease as deployed (15 s): longer than a restart, so the run is recovered by an
      // object already awake, and a reconnected device waits for it.
      env: { DEMO_WORDS_PER_SECOND: '20' },
    });
  }, 240_000);
  afterAll(async () => {
    await worker?.close();
  });

  /** The answer's row, read from the database: asking it sends no request to the Worker. */
  async function answerRow(answerId: string) {
    const [row] = await worker.database.db
      .select({ status: message.status, content: message.content })
      .from(message)
      .where(eq(message.id, answerId));
    return row;
  }

  const settledAs = (answerId: string, status: string, timeoutMs: number) =>
    waitFor(async () => ((await answerRow(answerId))?.status === status ? true : undefined), {
      timeoutMs,
      what: `the answer to end as ${status}`,
    });

  /**
   * A device reading the answer's stream from `lastId` on: until its final event, until
   * `stopAfter` chunks (then it closes), or until the connection is cut under it (`cut`).
   */
  async function follow(
    answerId: string,
    cookie: string,
    {
      lastId,
      stopAfter = Number.POSITIVE_INFINITY,
      onText,
    }: {
      lastId?: string | undefined;
      stopAfter?: number | undefined;
      onText?: ((text: string) => void) | undefined;
    } = {},
  ) {
    const read = { text: '', lastId, final: undefined as StreamFinal | undefined, cut: false };
    const headers: Record<string, string> = { cookie };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    const abort = new AbortController();
    let chunks = 0;
    await readEvents(
      `${worker.url}/api/streams/${answerId}`,
      headers,
      AbortSignal.any([abort.signal, AbortSignal.timeout(60_000)]),
      {
        onEvent: (event) => {
          if (abort.signal.aborted) return;
          if (event.event === 'final') read.final = JSON.parse(event.data) as StreamFinal;
          if (event.event !== 'chunk') return;
          read.text += decodeChunk(event.data);
          read.lastId = event.id;
          onText?.(read.text);
          if (++chunks >= stopAfter) abort.abort();
        },
      },
    ).catch(() => {
      read.cut = !abort.signal.aborted;
    });
    return read;
  }

  /**
   * A device that follows the answer as a browser's EventSource does: cut off, it reconnects
   * from the last id it read (a Worker just started again may drop the first connections),
   * until the final event or a minute has passed.
   */
  async function followToTheEnd(answerId: string, cookie: string, lastId: string | undefined) {
    let text = '';
    let from = lastId;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const read = await follow(answerId, cookie, from === undefined ? {} : { lastId: from });
      text += read.text;
      from = read.lastId;
      if (read.final) return { text, final: read.final };
      // EventSource's own pause before it reconnects.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { text, final: undefined };
  }

  test('an answer goes on when every reader has gone, and is there whole when the person comes back', async () => {
    const person = await signUp(worker.url, 'Leaver');
    // Five seconds of answer.
    const prompt = wordsPrompt(100);
    const { answerId } = await pushClient(worker.url, person.cookie).ask(prompt);
    const glimpse = await follow(answerId, person.cookie, { stopAfter: 10 });
    expect(glimpse.final).toBeUndefined();

    // Nobody reads it now, and nothing asks the Worker about it until it has ended.
    await settledAs(answerId, 'done', 30_000);

    const back = pushClient(worker.url, person.cookie);
    const answer = (await back.messages()).find((message) => message.id === answerId);
    expect(answer).toMatchObject({ status: 'done', content: prompt });
    const whole = await follow(answerId, person.cookie);
    expect(whole.final).toEqual({ status: 'done', error: null });
    expect(whole.text).toBe(prompt);
  });

  const interrupted: StreamFinal = {
    status: 'interrupted',
    error: 'The server stopped while answering. Retry to try again.',
  };

  /**
   * A person's long answer, followed by their device until the Worker is killed under it
   * once the answer is `words` words in: what the device read before the connection was cut.
   */
  async function killedMidAnswer(name: string, words: number) {
    const person = await signUp(worker.url, name);
    // Thirty seconds of answer: far from done when the Worker dies.
    const prompt = wordsPrompt(600);
    const { answerId } = await pushClient(worker.url, person.cookie).ask(prompt);
    let heard = '';
    const reading = follow(answerId, person.cookie, {
      onText: (text) => {
        heard = text;
      },
    });
    await waitFor(() => (heard.split(' ').length > words ? true : undefined), {
      timeoutMs: 30_000,
      what: `${words} words of the answer`,
    });
    await worker.kill();
    const before = await reading;
    // The device's connection is cut with no final event.
    expect(before).toMatchObject({ cut: true, final: undefined });
    return { person, prompt, answerId, before };
  }

  /** What the person finds: the answer ended as interrupted, keeping what was said, once. */
  async function expectInterrupted(answerId: string, cookie: string, prompt: string, read: string) {
    const kept = (await answerRow(answerId))?.content ?? '';
    expect(read).toBe(kept);
    expect(prompt.startsWith(kept)).toBe(true);
    expect(kept.length).toBeLessThan(prompt.length);
    const answer = (await pushClient(worker.url, cookie).messages()).find(
      (message) => message.id === answerId,
    );
    expect(answer).toMatchObject({ status: 'interrupted', content: kept });
  }

  // These kill the Worker and start it again.
  test('a Worker killed mid-answer and started again: with no request, the object’s alarm wakes it and its answer ends as interrupted', async () => {
    // Killed past its first alarm (ten seconds in): the alarm pending then is one an alarm set.
    const { person, prompt, answerId, before } = await killedMidAnswer('Sleeper', 250);

    // Nothing asks the Worker anything once it is back: its object's alarm alone wakes it.
    await worker.restart();
    await settledAs(answerId, 'interrupted', 60_000);

    // The device reconnects where it was and hears the end.
    const after = await followToTheEnd(answerId, person.cookie, before.lastId);
    expect(after.final).toEqual(interrupted);
    await expectInterrupted(answerId, person.cookie, prompt, before.text + after.text);
  }, 120_000);

  test('a device that reconnects as soon as a killed Worker is back is told the answer was interrupted, without waiting forever', async () => {
    const { person, prompt, answerId, before } = await killedMidAnswer('Reconnecter', 10);
    await worker.restart();

    // Back within the lost run's lease (15 s): the stream stays open until the run is ended.
    const after = await followToTheEnd(answerId, person.cookie, before.lastId);
    expect(after.final).toEqual(interrupted);
    await expectInterrupted(answerId, person.cookie, prompt, before.text + after.text);
  }, 120_000);
});
