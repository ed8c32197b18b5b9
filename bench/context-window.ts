import { eq } from 'drizzle-orm';
import { user } from '../server/db/auth-schema.ts';
import { conversation, message } from '../server/db/chat-schema.ts';
import type { DatabaseHandle } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open-database.ts';
import {
  charsBeyondBudget,
  promptBudget,
  selectContext,
} from '../server/inference/context-window.ts';
import { type ChatTurn, systemPrompt } from '../server/inference/generate.ts';
import { type ClaimedRun, runContext } from '../server/inference/run-rows.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

export type ContextWindowOptions = {
  /** Postgres to seed the conversation in; the embedded PGlite otherwise. */
  databaseUrl?: string | undefined;
};

const messages = 2_000;
const rounds = 500;
const loadRounds = 20;
/** A common context (GPT-4o's), and the longest offered (Gemini's), which holds it all. */
const commonWindow = 128_000;
const largeWindow = 1_048_576;

/**
 * What choosing an answer's context costs in a 2,000-message conversation: the pure selection
 * (counting tokens newest first down to the budget), timed for a common window and for one
 * large enough that every message is counted; and reading the conversation from the database,
 * bounded by what the window can hold, against reading it whole.
 */
export async function benchContextWindow(options: ContextWindowOptions): Promise<Figure[]> {
  const turns = conversationTurns();
  const chars = turns.reduce((sum, turn) => sum + turn.content.length, 0);
  // The largest window counts every message: the worst case, and the budgeted figure.
  const build = timeSelection(turns, largeWindow);
  const common = timeSelection(turns, commonWindow);
  const loads = await timeLoads(turns, options);
  const leftOut = (contextLength: number) => {
    const context = selectContext(systemPrompt, turns, contextLength);
    return context.kind === 'fits' ? context.messagesLeftOut : Number.NaN;
  };
  return [
    {
      metric: 'context.build_p50_ms',
      value: round(percentile(build, 50), 2),
      note: `${Math.round(chars / 1000)}K characters, ${leftOut(largeWindow)} messages left out`,
    },
    { metric: 'context.build_p95_ms', value: round(percentile(build, 95), 2) },
    {
      metric: 'context.build_128k_p95_ms',
      value: round(percentile(common, 95), 2),
      note: `${leftOut(commonWindow)} messages left out`,
    },
    {
      metric: 'context.load_p50_ms',
      value: round(percentile(loads.bounded, 50), 1),
      note: `${loads.rowsRead} of ${messages} messages read`,
    },
    { metric: 'context.load_all_p50_ms', value: round(percentile(loads.whole, 50), 1) },
  ];
}

/** Milliseconds each of `rounds` selections takes, after a warm-up as a running server has. */
function timeSelection(turns: readonly ChatTurn[], contextLength: number): number[] {
  for (let i = 0; i < 50; i++) selectContext(systemPrompt, turns, contextLength);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    selectContext(systemPrompt, turns, contextLength);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Reads the conversation before a new answer as the runner does, bounded by a 128K window,
 * and whole (as it was read before the bound).
 */
async function timeLoads(turns: readonly ChatTurn[], options: ContextWindowOptions) {
  let database: DatabaseHandle | undefined;
  try {
    database =
      options.databaseUrl === undefined
        ? await openDatabase({ dataDir: undefined })
        : await openDatabase({ url: options.databaseUrl });
    const { db } = database;
    const userId = `bench-context-${Date.now()}`;
    const conversationId = `${userId}-c`;
    const now = new Date();
    await db.insert(user).values({ id: userId, name: 'Bench', email: `${userId}@example.test` });
    await db.insert(conversation).values({
      id: conversationId,
      userId,
      model: DEMO_MODEL_ID,
      createdAt: now,
      updatedAt: now,
    });
    const rows = turns.map((turn, order) => ({
      id: `${conversationId}-${order}`,
      conversationId,
      userId,
      role: turn.role,
      content: turn.content,
      status: 'done' as const,
      order,
      createdAt: now,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db.insert(message).values(rows.slice(i, i + 500));
    const run: ClaimedRun = {
      messageId: `${conversationId}-answer`,
      runId: 'bench',
      userId,
      conversationId,
      model: DEMO_MODEL_ID,
      order: turns.length,
    };
    const maxChars = charsBeyondBudget(promptBudget(commonWindow));
    const bounded: number[] = [];
    const whole: number[] = [];
    let rowsRead = 0;
    for (let i = 0; i < loadRounds; i++) {
      let start = performance.now();
      rowsRead = (await runContext(db, run, maxChars)).turns.length;
      bounded.push(performance.now() - start);
      start = performance.now();
      await runContext(db, run);
      whole.push(performance.now() - start);
    }
    await db.delete(user).where(eq(user.id, userId));
    return { bounded, whole, rowsRead };
  } finally {
    await database?.close();
  }
}

/**
 * A conversation of ordinary sizes, deterministic: questions of a line to a few paragraphs,
 * answers of a paragraph to a page with lists and code, and one message in twenty in a
 * language with accents or in Chinese.
 */
function conversationTurns(): ChatTurn[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const words = [
    'the',
    'model',
    'answer',
    'conversation',
    'context',
    'because',
    'token',
    'which',
    'should',
    'function',
    'return',
    'value',
    'people',
    'message',
    'window',
    'about',
    'would',
    'there',
  ];
  const prose = (chars: number) => {
    let text = '';
    while (text.length < chars) text += `${words[Math.floor(random() * words.length)]} `;
    return text;
  };
  const code = '```ts\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```\n';
  return Array.from({ length: messages }, (_, n): ChatTurn => {
    const role = n % 2 === 0 ? 'user' : 'assistant';
    const size = role === 'user' ? 40 + random() * 600 : 300 + random() * 2_500;
    let content = prose(size);
    if (role === 'assistant' && random() < 0.3)
      content += `\n\n- ${prose(80)}\n- ${prose(80)}\n\n${code}`;
    if (random() < 0.05)
      content +=
        random() < 0.5 ? ' Übermäßig schöne Grüße aus Köln.' : ' 人工智能正在改变我们的生活方式。';
    return { role, content };
  });
}
