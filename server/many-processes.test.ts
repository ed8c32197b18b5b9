import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { decodeChunk, type StreamFinal } from '../shared/stream-events.ts';
import { killChild } from './testing/child-server.ts';
import { holdStream } from './testing/held-stream.ts';
import { type ManyProcesses, startManyProcesses } from './testing/many-processes.ts';
import { pushClient } from './testing/push-client.ts';
import { hasSharedStores } from './testing/services.ts';
import { readEvents } from './testing/sse-reader.ts';
import { signUp, type TestAccount } from './testing/test-accounts.ts';
import { waitFor } from './testing/wait-for.ts';

// Short, so a dead process's answer ends within the test's time; renewed every 500 ms.
const leaseMs = 1_500;
const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

describe.runIf(hasSharedStores())('three server processes behind a round-robin proxy', () => {
  let app: ManyProcesses;
  let account: TestAccount;
  let rows: pg.Pool;

  beforeAll(async () => {
    app = await startManyProcesses({ DEMO_WORDS_PER_SECOND: '20', RUN_LEASE_MS: String(leaseMs) });
    rows = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
    account = await signUp(app.url);
  }, 60_000);
  afterAll(async () => {
    await rows?.end();
    await app?.close();
  });

  /** The answer's row as the processes share it: its status, and which process runs it. */
  async function answerRow(answerId: string) {
    const { rows: found } = await rows.query<{
      status: string;
      lease_owner: string | null;
      content: string;
    }>('select status, lease_owner, content from message where id = $1', [answerId]);
    return found[0];
  }

  /** Waits until a process runs the answer; resolves with that process's index. */
  async function runningOn(answerId: string): Promise<number> {
    const owner = await waitFor(
      async () => {
        const row = await answerRow(answerId);
        return row?.status === 'streaming' && row.lease_owner ? row.lease_owner : undefined;
      },
      { what: 'a process to take the answer' },
    );
    const index = app.indexOfOwner(owner);
    expect(index).toBeGreaterThanOrEqual(0);
    return index;
  }

  /**
   * Makes the proxy's next request land on a process other than `avoid`'s, with cheap requests
   * of its own (as other devices' requests would).
   */
  async function nextLandsAwayFrom(...avoid: number[]): Promise<number> {
    while (avoid.includes(app.proxy.upcoming())) {
      await fetch(`${app.url}/api/config`).then((r) => r.text());
    }
    return app.proxy.upcoming();
  }

  /** Where the latest request for `path` landed. */
  const landedOn = (path: string) => app.proxy.routed.findLast((r) => r.path === path)?.target;

  test('an answer generated on one process is read on another, resumed on a third, exactly once', async () => {
    const prompt = words(60);
    const { answerId } = await pushClient(app.url, account.cookie).ask(prompt);
    const owner = await runningOn(answerId);
    const path = `/api/streams/${answerId}`;

    let text = '';
    let lastId: string | undefined;
    let final: StreamFinal | undefined;
    const read = async (stopAfter: number) => {
      const abort = new AbortController();
      const headers: Record<string, string> = { cookie: account.cookie };
      if (lastId !== undefined) headers['last-event-id'] = lastId;
      let seen = 0;
      await readEvents(`${app.url}${path}`, headers, abort.signal, {
        onEvent: (event) => {
          if (abort.signal.aborted) return;
          if (event.event === 'final') final = JSON.parse(event.data) as StreamFinal;
          if (event.event !== 'chunk') return;
          text += decodeChunk(event.data);
          lastId = event.id;
          if (++seen >= stopAfter) abort.abort();
        },
      }).catch((error: unknown) => {
        if (!abort.signal.aborted) throw error;
      });
      return landedOn(path);
    };

    const reader = await nextLandsAwayFrom(owner);
    expect(await read(10)).toBe(reader);
    expect(final).toBeUndefined();
    await nextLandsAwayFrom(owner, reader);
    const resumedOn = await read(Number.POSITIVE_INFINITY);
    expect(new Set([owner, reader, resumedOn]).size).toBe(3);
    expect(final?.status).toBe('done');
    expect(text).toBe(prompt);
  });

  test('a push on one process pokes a device whose poke stream another process holds', async () => {
    // A person of their own: no answer of another test pokes them.
    const person = await signUp(app.url);
    const laptop = pushClient(app.url, person.cookie);
    const pokes = holdStream(`${app.url}/api/replicache/poke`, person.cookie);
    try {
      await pokes.opened;
      const held = landedOn('/api/replicache/poke') ?? -1;
      await nextLandsAwayFrom(held);
      await laptop.mutate('createConversation', {
        id: `c-${crypto.randomUUID()}`,
        title: 'Written elsewhere',
        model: DEMO_MODEL_ID,
        createdAt: Date.now(),
      });
      expect(landedOn('/api/replicache/push')).not.toBe(held);
      await waitFor(() => pokes.events.find((event) => event.event === 'poke'), {
        timeoutMs: 2_000,
        what: 'the poke on the stream held by the other process',
      });
    } finally {
      await pokes.close();
    }
  });

  test('Stop from a device whose request lands on another process stops the answer where it runs', async () => {
    const prompt = words(200);
    const phone = pushClient(app.url, account.cookie);
    const { answerId, conversationId } = await phone.ask(prompt);
    const owner = await runningOn(answerId);
    await nextLandsAwayFrom(owner);
    await phone.mutate('stopAnswer', { conversationId, messageId: answerId });
    expect(landedOn('/api/replicache/push')).not.toBe(owner);
    const stopped = await waitFor(
      async () =>
        (await phone.messages()).find((m) => m.id === answerId && m.status !== 'streaming'),
      { timeoutMs: 5_000, what: 'the answer to stop' },
    );
    expect(stopped.status).toBe('stopped');
    expect(prompt.startsWith(stopped.content)).toBe(true);
    expect(stopped.content.length).toBeLessThan(prompt.length);
  });

  // Last: it leaves two processes behind the proxy.
  test('a process killed mid-answer has its answer interrupted by another within a lease and two seconds, and its reader hears the end', async () => {
    const prompt = words(400);
    const { answerId } = await pushClient(app.url, account.cookie).ask(prompt);
    const owner = await runningOn(answerId);
    await nextLandsAwayFrom(owner);
    let followed = '';
    let final: StreamFinal | undefined;
    const reading = readEvents(
      `${app.url}/api/streams/${answerId}`,
      { cookie: account.cookie },
      AbortSignal.timeout(30_000),
      {
        onEvent: (event) => {
          if (event.event === 'chunk') followed += decodeChunk(event.data);
          if (event.event === 'final') final = JSON.parse(event.data) as StreamFinal;
        },
      },
    );
    await waitFor(() => (followed.split(' ').length > 10 ? true : undefined), {
      what: 'the reader to follow the answer',
    });
    expect(landedOn(`/api/streams/${answerId}`)).not.toBe(owner);

    const doomed = app.processes[owner];
    if (!doomed) throw new Error(`no process ${owner}`);
    await killChild(doomed.process);
    const killedAt = Date.now();
    await waitFor(
      async () => ((await answerRow(answerId))?.status === 'interrupted' ? true : undefined),
      {
        timeoutMs: leaseMs + 2_000,
        what: 'another process to interrupt the dead one’s answer',
      },
    );
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThanOrEqual(leaseMs + 2_000);

    await reading;
    // Every chunk its reader saw is kept, and nothing the model had not said.
    expect((await answerRow(answerId))?.content).toBe(followed);
    expect(final).toEqual({
      status: 'interrupted',
      error: 'The server stopped while answering. Retry to try again.',
    });
    expect(prompt.startsWith(followed)).toBe(true);
  });
});
