import type { Database } from '../db/database.ts';
import {
  type ContextTooLong,
  type ContextWindow,
  charsBeyondBudget,
  promptBudget,
  selectContext,
} from './context-window.ts';
import { systemPrompt } from './generate.ts';
import { type ClaimedRun, noteMessagesLeftOut, runContext } from './run-rows.ts';

/**
 * What a run's model is shown: as much of the conversation as fits its context, newest first.
 * How many earlier messages were left out is noted on the answer when it differs from what
 * `noted` (the last note, 0 at first) says.
 */
export async function answerContext(
  db: Database,
  run: ClaimedRun,
  contextLength: number,
  noted = 0,
): Promise<ContextWindow | ContextTooLong> {
  const loaded = await runContext(db, run, charsBeyondBudget(promptBudget(contextLength)));
  const context = selectContext(systemPrompt, loaded.turns, contextLength, loaded.earlier);
  if (context.kind === 'fits' && context.messagesLeftOut !== noted)
    await noteMessagesLeftOut(db, run, context.messagesLeftOut);
  return context;
}
