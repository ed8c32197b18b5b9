import { randomUUID } from 'node:crypto';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { StreamFinal } from '../../shared/stream-events.ts';
import type { Database } from '../db/database.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { ChunkStore } from '../streams/chunk-store.ts';
import { pokeUser } from '../sync/poke.ts';
import { createChunkAppender } from './chunk-appender.ts';
import { nameConversation } from './conversation-title.ts';
import { describeProviderError, worthFallingBack } from './describe-error.ts';
import { generate } from './generate.ts';
import {
  type ClaimedRun,
  claimRun,
  finishRun,
  interruptLapsedRuns,
  pendingAnswers,
  type RunUsage,
  renewLease,
  runContext,
} from './run-rows.ts';

export type RunnerOptions = {
  db: Database;
  chunks: ChunkStore;
  pubsub: PubSub;
  /** The AI SDK model for a model id (OpenRouter, or the demo model). */
  languageModel: (modelId: string) => LanguageModelV4;
  /** Models to fall back to, in order, on a rate limit or server error before the first token. */
  fallbackModels?: readonly string[] | undefined;
  /** How long a run's lease lasts; renewed three times per period. */
  leaseMs?: number | undefined;
  /** How long a finished stream's chunks stay readable. */
  graceMs?: number | undefined;
  /** The cheap model that titles a conversation after its first answer; none: no titles. */
  titleModel?: string | undefined;
};

export type Runner = {
  /** Starts answering a `pending` message in the background (no-op if someone else has it). */
  start(messageId: string): void;
  /** Stops an answer wherever it runs: aborts here, or asks the owning process. */
  stop(messageId: string): Promise<void>;
  /** Finalises lapsed runs and starts answers left pending; then keeps sweeping. */
  recover(): Promise<void>;
  /** Resolves when no run is in flight in this process (tests, graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
};

const stopChannel = 'parley:runs:stop';
const shutdown = 'shutdown';

/**
 * Generates answers on the server: claims the answer with a lease, streams the model's deltas
 * into the chunk store (offset by offset), then writes the final row in one update and pokes.
 * A run goes on with no viewer; its owner process is the only one that writes it.
 */
export function createRunner(options: RunnerOptions): Runner {
  const { db, chunks, pubsub } = options;
  const leaseMs = options.leaseMs ?? 15_000;
  const graceMs = options.graceMs ?? 10 * 60_000;
  const owner = randomUUID();
  const active = new Map<string, AbortController>();
  const inFlight = new Set<Promise<void>>();
  let sweeper: NodeJS.Timeout | undefined;
  const stopListening = pubsub.subscribe(stopChannel, (messageId) =>
    active.get(messageId)?.abort(),
  );

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  async function run(messageId: string) {
    const claimed = await claimRun(db, messageId, owner, leaseMs);
    if (!claimed) return;
    const abort = new AbortController();
    active.set(messageId, abort);
    await pokeUser(pubsub, claimed.userId);
    let content = '';
    const renewal = setInterval(() => {
      renewLease(db, claimed, leaseMs, content).catch((error: unknown) =>
        console.error('[runner] lease renewal failed', messageId, error),
      );
    }, leaseMs / 3);
    try {
      const turns = await runContext(db, claimed);
      const appender = createChunkAppender(chunks, claimed.runId);
      const append = async (delta: string) => {
        content += delta;
        appender.push(delta);
      };
      let model = claimed.model;
      let generation = await generate(options.languageModel(model), turns, abort.signal, append);
      const fallback = nextModel(options.fallbackModels, model);
      if (
        generation.outcome === 'error' &&
        !generation.producedText &&
        fallback &&
        worthFallingBack(generation.error)
      ) {
        console.warn(
          `[runner] ${model} failed before its first token; falling back to ${fallback}`,
        );
        model = fallback;
        generation = await generate(options.languageModel(model), turns, abort.signal, append);
      }
      // Every chunk in the store before the final record: readers must see all the text.
      await appender.drain();
      const error = generation.outcome === 'error' ? describeProviderError(generation.error) : null;
      // A run cut short by this process shutting down was not stopped by the person.
      const status = abort.signal.reason === shutdown ? 'interrupted' : generation.outcome;
      if (generation.outcome === 'error')
        console.warn(`[runner] ${messageId} failed on ${model}: ${errorText(generation.error)}`);
      await finish(
        claimed,
        { status, error },
        {
          content,
          model,
          usage: generation.usage,
          finishReason: generation.finishReason,
        },
      );
      if (status === 'done') titleAfterFirstAnswer(claimed, model);
    } catch (error) {
      // Our own failure (database, chunk store): still end the answer rather than strand it.
      console.error('[runner] run crashed', messageId, error);
      await finish(
        claimed,
        { status: 'error', error: 'Something went wrong on our side. Retry to try again.' },
        { content, model: claimed.model, usage: null, finishReason: null },
      ).catch((finishError: unknown) =>
        console.error('[runner] could not finish', messageId, finishError),
      );
    } finally {
      clearInterval(renewal);
      active.delete(messageId);
    }
  }

  async function finish(
    claimed: ClaimedRun,
    final: StreamFinal,
    rest: {
      content: string;
      model: string;
      usage: RunUsage | null;
      finishReason: string | null;
    },
  ) {
    // Row first: whoever hears the final event and pulls must find the final row.
    const current = await finishRun(db, claimed, { ...final, ...rest });
    await chunks.finish(claimed.runId, JSON.stringify(final), graceMs);
    if (current) await pokeUser(pubsub, claimed.userId);
  }

  // The demo model needs no title: the first words of the first message are already one.
  function titleAfterFirstAnswer(claimed: ClaimedRun, model: string) {
    const { titleModel } = options;
    if (!titleModel || claimed.order !== 1 || model === DEMO_MODEL_ID) return;
    track(
      nameConversation(db, options.languageModel(titleModel), claimed.conversationId).then(
        async (renamed) => {
          if (renamed) await pokeUser(pubsub, claimed.userId);
        },
      ),
    );
  }

  async function sweep() {
    const lapsed = await interruptLapsedRuns(db);
    const final: StreamFinal = {
      status: 'interrupted',
      error: 'The server stopped while answering. Retry to try again.',
    };
    for (const row of lapsed) {
      if (row.runId) await chunks.finish(row.runId, JSON.stringify(final), graceMs).catch(() => {});
      await pokeUser(pubsub, row.userId);
    }
    return lapsed.length;
  }

  return {
    start(messageId) {
      track(
        run(messageId).catch((error: unknown) =>
          console.error('[runner] start failed', messageId, error),
        ),
      );
    },
    async stop(messageId) {
      const local = active.get(messageId);
      if (local) local.abort();
      else await pubsub.publish(stopChannel, messageId);
    },
    async recover() {
      await sweep();
      for (const answer of await pendingAnswers(db)) this.start(answer.id);
      clearInterval(sweeper);
      sweeper = setInterval(() => {
        sweep().catch((error: unknown) => console.error('[runner] sweep failed', error));
      }, leaseMs);
      sweeper.unref();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      clearInterval(sweeper);
      for (const controller of active.values()) controller.abort(shutdown);
      await this.idle();
      await (await stopListening)();
    },
  };
}

/** The model after `current` in the fallback list, or its first entry when `current` is not in it. */
export function nextModel(
  list: readonly string[] | undefined,
  current: string,
): string | undefined {
  if (!list || list.length === 0) return undefined;
  const index = list.indexOf(current);
  const next = index === -1 ? list[0] : list[index + 1];
  return next === current ? undefined : next;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
