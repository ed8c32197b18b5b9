import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { MessageSource } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { ChunkKind, StreamFinal } from '../../shared/stream-events.ts';
import { giveUpWaiting } from '../attachments/awaited-uploads.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { Database } from '../db/database.ts';
import { loggableError } from '../http/loggable-error.ts';
import { type ContextLengths, unknownContextLength } from '../models/context-length.ts';
import type { InputModalities } from '../models/input-modalities.ts';
import type { Metrics } from '../observability/metrics.ts';
import { processLog } from '../observability/process-log.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { type ChunkStore, StreamFinishedError } from '../streams/chunk-store.ts';
import { pokeUser } from '../sync/poke.ts';
import { type AnswerModel, answerContext } from './answer-context.ts';
import { answerImages, type ImageOutput } from './answer-images.ts';
import { pdfTextReader, promptTurns } from './attachment-bytes.ts';
import { createChunkAppender } from './chunk-appender.ts';
import { nameConversation } from './conversation-title.ts';
import { describeProviderError, providerErrorCode, worthFallingBack } from './describe-error.ts';
import { generate } from './generate.ts';
import type { RunAdmission } from './message-limits.ts';
import { claimWaitingRuns, peopleWithWaitingAnswers } from './run-queue.ts';
import {
  type ClaimedRun,
  finishRun,
  interruptRun,
  lapsedRuns,
  type RunUsage,
  renewLease,
} from './run-rows.ts';
import { storedAnswer } from './stored-answer.ts';

export type RunnerOptions = {
  db: Database;
  chunks: ChunkStore;
  pubsub: PubSub;
  /** The AI SDK model for a person and a model id (OpenRouter on their key, or the demo model). */
  languageModel: (userId: string, modelId: string) => Promise<LanguageModelV4>;
  /** Models to fall back to, in order, on a rate limit or server error before the first token. */
  fallbackModels?: readonly string[] | undefined;
  /** How long a run's lease lasts; renewed three times per period. */
  leaseMs?: number | undefined;
  /** How long a finished stream's chunks stay readable. */
  graceMs?: number | undefined;
  /** The cheap model that titles a conversation after its first answer; none: no titles. */
  titleModel?: string | undefined;
  /** How many answers one person may have generating at once; more wait, in order. */
  maxRunsPerPerson?: number | undefined;
  /** Counts a run about to start against the person's message limits, or refuses it. */
  admit?: RunAdmission | undefined;
  /** A model's context length in tokens; the conversation sent is trimmed to fit it. */
  contextLength?: ContextLengths | undefined;
  /** Where the images of models that make them are kept; none: no model is asked for images. */
  images?: ImageOutput | undefined;
  /** What a model takes besides text; none: text only (attachments are refused). */
  inputModalities?: InputModalities | undefined;
  /** Where attachments' bytes are read from. */
  attachments: AttachmentStorage;
  /** How long an answer waits for its message's uploads before it ends as an error. */
  uploadWaitMs?: number | undefined;
  /** Runs by final status, provider errors, message-limit refusals, token latency to the store. */
  metrics?: Pick<Metrics, 'runs' | 'providerErrors' | 'refusals' | 'tokenLatency'> | undefined;
};

export type Runner = {
  /**
   * Starts the person's waiting (`pending`) answers in the background, oldest first, as far as
   * their cap allows; the rest start as these finish.
   */
  startWaiting(userId: string): void;
  /** Stops an answer wherever it runs: aborts here, or asks the owning process. */
  stop(messageId: string): Promise<void>;
  /** Finalises lapsed runs and starts answers left waiting; then keeps sweeping. */
  recover(): Promise<void>;
  /** Resolves when no run is in flight in this process (tests, graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
};

const stopChannel = 'parley:runs:stop';
const shutdown = 'shutdown';
/** Why a run stops when its row is no longer its own (finalised by another process, deleted). */
const leaseLost = 'lease lost';
/** How long a finishing run waits for the chunk store before poking (it may be away). */
const storeWaitMs = 2_000;
const interrupted: StreamFinal = {
  status: 'interrupted',
  error: 'The server stopped while answering. Retry to try again.',
};

/**
 * Generates answers on the server: claims the answer with a lease, streams the model's deltas
 * into the chunk store (offset by offset), then writes the final row in one update and pokes.
 * A run goes on with no viewer; its owner process is the only one that writes it.
 */
export function createRunner(options: RunnerOptions): Runner {
  const { db, chunks, pubsub, metrics } = options;
  const leaseMs = options.leaseMs ?? 15_000;
  const graceMs = options.graceMs ?? 10 * 60_000;
  const uploadWaitMs = options.uploadWaitMs ?? 30 * 60_000;
  const maxRunsPerPerson = options.maxRunsPerPerson ?? 3;
  const contextLength = options.contextLength ?? (async () => unknownContextLength);
  const inputModalities = options.inputModalities ?? (async () => ['text']);
  const pdfText = pdfTextReader(options.attachments);
  const answerModel = async (id: string): Promise<AnswerModel> => {
    const [length, inputs] = await Promise.all([contextLength(id), inputModalities(id)]);
    return { id, contextLength: length, inputModalities: inputs };
  };
  // Often enough that a dead process's answers end soon after its lease lapses.
  const sweepMs = Math.min(leaseMs / 3, 1_000);
  // Names the process (host and pid) that holds a lease, for whoever reads the row.
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  const active = new Map<string, AbortController>();
  const inFlight = new Set<Promise<unknown>>();
  // People whose waiting answers this process is claiming; true: asked again meanwhile.
  const filling = new Map<string, boolean>();
  const closing = new AbortController();
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const stopListening = pubsub.subscribe(stopChannel, (messageId) =>
    active.get(messageId)?.abort(),
  );
  stopListening.catch((error: unknown) =>
    processLog.error('runner.stop_requests_unheard', { error: loggableError(error) }),
  );

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  // Pokes are hints: a device that misses one catches up on its next pull, so a poke that
  // cannot be sent (Redis away) is not worth failing or delaying anything for.
  let pokesFailing = false;
  function poke(userId: string) {
    pokeUser(pubsub, userId).then(
      () => {
        pokesFailing = false;
      },
      (error: unknown) => {
        if (!pokesFailing) processLog.warn('runner.pokes_failing', { error: errorText(error) });
        pokesFailing = true;
      },
    );
  }

  function startWaiting(userId: string) {
    if (filling.has(userId)) {
      filling.set(userId, true);
      return;
    }
    filling.set(userId, false);
    track(fill(userId));
  }

  async function fill(userId: string) {
    try {
      do {
        filling.set(userId, false);
        if (closing.signal.aborted) return;
        const claimed = await claimWaitingRuns(db, userId, owner, leaseMs, maxRunsPerPerson);
        for (const run of claimed) track(runAnswer(run));
      } while (filling.get(userId));
    } catch (error) {
      processLog.error('runner.start_waiting_failed', { error: loggableError(error) });
    } finally {
      filling.delete(userId);
    }
  }

  async function runAnswer(claimed: ClaimedRun) {
    const { messageId } = claimed;
    const abort = new AbortController();
    active.set(messageId, abort);
    poke(claimed.userId);
    let content = '';
    let reasoning = '';
    const renewal = setInterval(() => {
      renewLease(db, claimed, leaseMs, { content, reasoning }).then(
        (current) => {
          if (!current) abort.abort(leaseLost);
        },
        (error: unknown) =>
          processLog.error('runner.lease_renewal_failed', {
            messageId,
            error: loggableError(error),
          }),
      );
    }, leaseMs / 3);
    const appender = createChunkAppender(chunks, claimed.runId, {
      signal: closing.signal,
      onStored: (ms) => metrics?.tokenLatency.observe(ms / 1000),
    });
    try {
      let model = claimed.model;
      const context = await answerContext(db, claimed, await answerModel(model), pdfText);
      // Too long to send, or not for this model: no call is made, and none is counted against
      // the person's limits.
      if (context.kind !== 'fits') {
        await finish(
          claimed,
          appender,
          { status: 'error', error: context.error },
          { content, model, usage: null, finishReason: null },
        );
        return;
      }
      const refused = await options.admit?.(claimed.userId, claimed.model);
      if (refused) {
        metrics?.refusals.inc({ kind: 'messages' });
        const { error, limitResetsAt } = refused;
        await finish(
          claimed,
          appender,
          { status: 'error', error },
          { content, model: claimed.model, usage: null, finishReason: null, limitResetsAt },
        );
        return;
      }
      const append = async (delta: string, kind: ChunkKind) => {
        if (kind === 'text') content += delta;
        else reasoning += delta;
        appender.push(delta, kind);
      };
      const images = answerImages(options.images, claimed, {
        // Its own paragraph, set apart, in the answer's text.
        note: (text) => append(`${content === '' ? '' : '\n\n'}*${text}*\n\n`, 'text'),
        kept: () => poke(claimed.userId),
      });
      const asked = async (model: string) => ({
        reasoning: claimed.reasoning,
        onImage: await images.forModel(model),
        webSearch: claimed.webSearch,
      });
      let generation = await generate(
        await options.languageModel(claimed.userId, model),
        await promptTurns(options.attachments, context.turns),
        abort.signal,
        append,
        await asked(model),
      );
      const fallback = nextModel(options.fallbackModels, model);
      // The fallback may take less of the conversation; if not even the message fits it, the
      // first model's failure stands.
      const fallbackContext =
        generation.outcome === 'error' &&
        !generation.producedText &&
        fallback &&
        worthFallingBack(generation.error)
          ? await answerContext(
              db,
              claimed,
              await answerModel(fallback),
              pdfText,
              context.messagesLeftOut,
            )
          : undefined;
      if (fallback && fallbackContext?.kind === 'fits') {
        metrics?.providerErrors.inc({ code: providerErrorCode(generation.error) });
        processLog.warn('runner.falling_back', { messageId, model, fallback });
        model = fallback;
        generation = await generate(
          await options.languageModel(claimed.userId, model),
          await promptTurns(options.attachments, fallbackContext.turns),
          abort.signal,
          append,
          await asked(model),
        );
      }
      // Someone else finalised the answer (its lease lapsed here): theirs is the last word.
      if (abort.signal.reason === leaseLost) return;
      // Every chunk in the store before the final record: readers must see all the text. A
      // store that is away does not hold the row up; the appender catches it up later.
      await appender.settle();
      const error = generation.outcome === 'error' ? describeProviderError(generation.error) : null;
      // A run cut short by this process shutting down was not stopped by the person.
      const status = abort.signal.reason === shutdown ? 'interrupted' : generation.outcome;
      if (generation.outcome === 'error') {
        metrics?.providerErrors.inc({ code: providerErrorCode(generation.error) });
        processLog.warn('runner.answer_failed', {
          messageId,
          model,
          error: errorText(generation.error),
        });
      }
      await finish(
        claimed,
        appender,
        { status, error },
        {
          content,
          reasoning,
          reasoningMs: generation.reasoningMs,
          sources: generation.sources,
          model,
          usage: generation.usage,
          finishReason: generation.finishReason,
        },
      );
      if (status === 'done') titleAfterFirstAnswer(claimed, model);
    } catch (error) {
      // Its stream was finished by whoever finalised the answer (our lease lapsed): theirs is
      // the last word.
      if (error instanceof StreamFinishedError) {
        processLog.warn('runner.finalised_elsewhere', { messageId });
        return;
      }
      // Our own failure (database, chunk store): still end the answer rather than strand it.
      processLog.error('runner.run_crashed', { messageId, error: loggableError(error) });
      await finish(
        claimed,
        appender,
        { status: 'error', error: 'Something went wrong on our side. Retry to try again.' },
        {
          content,
          reasoning,
          reasoningMs: null,
          model: claimed.model,
          usage: null,
          finishReason: null,
        },
      ).catch((finishError: unknown) =>
        processLog.error('runner.finish_failed', { messageId, error: loggableError(finishError) }),
      );
    } finally {
      clearInterval(renewal);
      active.delete(messageId);
      // A place is free: the person's next waiting answer, if any, starts.
      startWaiting(claimed.userId);
    }
  }

  async function finish(
    claimed: ClaimedRun,
    appender: ReturnType<typeof createChunkAppender>,
    final: StreamFinal,
    rest: {
      content: string;
      reasoning?: string | undefined;
      reasoningMs?: number | null | undefined;
      sources?: MessageSource[] | undefined;
      model: string;
      usage: RunUsage | null;
      finishReason: string | null;
      limitResetsAt?: Date | undefined;
    },
  ) {
    // Row first: whoever hears the final event and pulls must find the final row. The row is
    // the truth; the store's final record follows as soon as the store takes it.
    const current = await finishRun(db, claimed, { ...final, ...rest });
    if (current) metrics?.runs.inc({ status: final.status });
    const stored = appender.finish(JSON.stringify(final), graceMs);
    track(stored);
    await within(stored, storeWaitMs);
    if (current) poke(claimed.userId);
  }

  // The demo model needs no title: the first words of the first message are already one.
  function titleAfterFirstAnswer(claimed: ClaimedRun, model: string) {
    const { titleModel } = options;
    if (!titleModel || claimed.order !== 1 || model === DEMO_MODEL_ID) return;
    track(
      options
        .languageModel(claimed.userId, titleModel)
        .then((model) => nameConversation(db, model, claimed.conversationId))
        .then((renamed) => {
          if (renamed) poke(claimed.userId);
        }),
    );
  }

  /**
   * Ends the answers of dead processes as `interrupted`, keeping all their text the store
   * still holds, and starts answers left waiting. The database says what to do: a lost poke
   * or start never strands an answer for longer than a sweep.
   */
  async function sweep() {
    const now = new Date();
    for (const lapsed of await lapsedRuns(db, now)) {
      // A shared store (Redis) outlives the dead process: it has every chunk readers saw,
      // usually more than the last checkpoint in the row.
      const kept = lapsed.runId ? await storedAnswer(chunks, lapsed.runId).catch(() => null) : null;
      const written =
        kept &&
        kept.text.length + kept.reasoning.length >= lapsed.content.length + lapsed.reasoning.length
          ? { content: kept.text, reasoning: kept.reasoning }
          : lapsed;
      if (!(await interruptRun(db, lapsed, written, now))) continue;
      metrics?.runs.inc({ status: 'interrupted' });
      if (lapsed.runId) {
        await within(
          chunks.finish(lapsed.runId, JSON.stringify(interrupted), graceMs).catch(() => {}),
          storeWaitMs,
        );
      }
      poke(lapsed.userId);
    }
    for (const userId of await giveUpWaiting(db, new Date(now.getTime() - uploadWaitMs))) {
      poke(userId);
    }
    for (const userId of await peopleWithWaitingAnswers(db, maxRunsPerPerson)) {
      startWaiting(userId);
    }
  }

  function sweepOnce(): Promise<void> {
    sweeping ??= sweep()
      .catch((error: unknown) =>
        processLog.error('runner.sweep_failed', { error: loggableError(error) }),
      )
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  return {
    startWaiting,
    async stop(messageId) {
      const local = active.get(messageId);
      if (local) local.abort();
      else await pubsub.publish(stopChannel, messageId);
    },
    async recover() {
      await sweepOnce();
      clearInterval(sweeper);
      sweeper = setInterval(sweepOnce, sweepMs);
      sweeper.unref();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      clearInterval(sweeper);
      closing.abort();
      for (const controller of active.values()) controller.abort(shutdown);
      await sweeping;
      await this.idle();
      await stopListening.then((stop) => stop()).catch(() => {});
    },
  };
}

/** Waits for `work` to settle, or `ms`, whichever comes first. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
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
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'object' ? JSON.stringify(error) : String(error);
}
