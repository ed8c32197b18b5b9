import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { readChunk, type StreamedChunk } from '../../shared/stream-events.ts';
import { message } from '../db/chat-schema.ts';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const thinkingModel = 'anthropic/claude-sonnet-4';
const thoughts = ['The person ', 'wants a ', 'city.\n\n', 'Lisbon ', 'fits: ', 'sunny, ', 'old.'];
const answer = ['Try ', 'Lisbon.'];

/** A `chunk` event as read: its kind and text, and the last offset it covers. */
type ReadChunk = StreamedChunk & { last: number };

// The real OpenRouter provider, talking to a fake OpenRouter that streams a thinking model.
describe.each(databaseTargets())('reasoning from a thinking model on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target);
  let account: TestAccount;

  beforeAll(async () => {
    account = await signUp(suite.server.url);
  });

  const settled = (id: string) => settledAnswer(suite.database.db, id);

  /** The stream's chunk events from `from` on (as `?from=`), until its final event. */
  async function readChunks(answerId: string, from = 0, stopAfter = Number.POSITIVE_INFINITY) {
    const read: ReadChunk[] = [];
    const reading = new AbortController();
    await readEvents(
      `${suite.server.url}/api/streams/${answerId}?from=${from}`,
      { cookie: account.cookie },
      reading.signal,
      {
        onEvent: (event) => {
          if (event.event !== 'chunk' || reading.signal.aborted) return;
          read.push({ ...readChunk(event.data), last: Number(event.id) });
          if (read.length >= stopAfter) reading.abort();
        },
      },
    ).catch((error: unknown) => {
      if (!reading.signal.aborted) throw error;
    });
    return read;
  }
  const joined = (chunks: readonly ReadChunk[], kind: StreamedChunk['kind']) =>
    chunks
      .filter((chunk) => chunk.kind === kind)
      .map((chunk) => chunk.text)
      .join('');

  test('reasoning streams before the answer, and the final row keeps both with how long it took', async () => {
    suite.openRouter.script({ kind: 'text', reasoning: thoughts, chunks: answer, delayMs: 15 });
    const client = pushClient(suite.server.url, account.cookie);
    const { answerId } = await client.ask('Where should I go?', thinkingModel, {
      reasoning: true,
    });
    const streamed = await readChunks(answerId);
    expect(joined(streamed, 'reasoning')).toBe(thoughts.join(''));
    expect(joined(streamed, 'text')).toBe(answer.join(''));
    // All of the reasoning comes before the first word of the answer.
    const firstText = streamed.findIndex((chunk) => chunk.kind === 'text');
    expect(streamed.slice(firstText).every((chunk) => chunk.kind === 'text')).toBe(true);

    const row = await settled(answerId);
    expect(row).toMatchObject({
      status: 'done',
      content: 'Try Lisbon.',
      reasoning: thoughts.join(''),
    });
    // Seven deltas 15 ms apart: the reasoning took about 90 ms.
    expect(row?.reasoningMs).toBeGreaterThanOrEqual(60);
    const [synced] = (await client.messages()).filter((m) => m.id === answerId);
    expect(synced).toMatchObject({
      content: 'Try Lisbon.',
      reasoning: thoughts.join(''),
      reasoningMs: row?.reasoningMs,
    });
  });

  test('a reader resuming after any event, mid-reasoning included, gets the rest exactly once', async () => {
    suite.openRouter.script({ kind: 'text', reasoning: thoughts, chunks: answer, delayMs: 10 });
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Go',
      thinkingModel,
      {
        reasoning: true,
      },
    );
    // Live, one event at a time: drop after each and resume after the last id seen.
    const live: ReadChunk[] = [];
    for (;;) {
      const [event] = await readChunks(answerId, (live.at(-1)?.last ?? -1) + 1, 1);
      if (!event) break;
      live.push(event);
    }
    // Resumed in the middle of the reasoning, not only at its end.
    expect(live.filter((chunk) => chunk.kind === 'reasoning').length).toBeGreaterThan(1);
    expect(joined(live, 'reasoning')).toBe(thoughts.join(''));
    expect(joined(live, 'text')).toBe(answer.join(''));
    await settled(answerId);

    // Replayed from after each event: exactly what came after it, reasoning and text apart.
    for (const [index, event] of live.entries()) {
      const rest = await readChunks(answerId, event.last + 1);
      const expected = live.slice(index + 1);
      expect(joined(rest, 'reasoning')).toBe(joined(expected, 'reasoning'));
      expect(joined(rest, 'text')).toBe(joined(expected, 'text'));
    }
    // A replay from the start sends the reasoning and the text as separate events.
    const replay = await readChunks(answerId);
    expect(replay.map((chunk) => chunk.kind)).toEqual(['reasoning', 'text']);
  });

  test('the provider is asked for reasoning only when the toggle was on', async () => {
    const client = pushClient(suite.server.url, account.cookie);
    const asked = async (reasoning: boolean | undefined) => {
      const before = suite.openRouter.requests.length;
      const { answerId } = await client.ask(
        'Hello',
        thinkingModel,
        reasoning === undefined ? {} : { reasoning },
      );
      await settled(answerId);
      return suite.openRouter.requests.slice(before).find((request) => request.stream);
    };
    expect((await asked(true))?.reasoning).toEqual({ enabled: true });
    expect((await asked(false))?.reasoning).toBeUndefined();
    expect((await asked(undefined))?.reasoning).toBeUndefined();
    for (const request of suite.openRouter.requests)
      expect(request.includeReasoning).toBeUndefined();
  });

  test('a retry asks as the toggle now says, and forgets the reasoning of the run before', async () => {
    suite.openRouter.script(
      { kind: 'text', reasoning: ['Hmm.'], chunks: ['First.'] },
      { kind: 'text', chunks: ['Second.'] },
    );
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('Again', thinkingModel, {
      reasoning: true,
    });
    expect(await settled(answerId)).toMatchObject({ reasoning: 'Hmm.', content: 'First.' });
    const before = suite.openRouter.requests.length;
    await client.mutate('retryAnswer', { conversationId, messageId: answerId, reasoning: false });
    const retried = await waitFor(async () => {
      const [found] = await suite.database.db
        .select()
        .from(message)
        .where(eq(message.id, answerId));
      return found?.content === 'Second.' && found.status === 'done' ? found : undefined;
    });
    expect(retried).toMatchObject({ reasoning: '', reasoningMs: null });
    expect(
      suite.openRouter.requests.slice(before).find((r) => r.stream)?.reasoning,
    ).toBeUndefined();
  });
});
