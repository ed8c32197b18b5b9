import { howModelReads } from '../../shared/model-inputs.ts';
import type { Database } from '../db/database.ts';
import {
  type ContextTooLong,
  type ContextWindow,
  charsBeyondBudget,
  estimateTokens,
  promptBudget,
  selectContext,
} from './context-window.ts';
import { type ChatTurn, systemPrompt } from './generate.ts';
import type { PdfText } from './pdf-text.ts';
import { type ClaimedRun, noteMessagesLeftOut, runContext } from './run-rows.ts';
import {
  type AttachedFile,
  attachmentsOfMessages,
  fileTokens,
  type ModelInputs,
  maxRequestBytes,
  type PlannedAttachment,
  readingFor,
  refusalFor,
} from './turn-attachments.ts';

/** The model a context is made for. */
export type AnswerModel = ModelInputs & { contextLength: number };

/** The person's message has an attachment the model cannot take: nothing can be sent. */
export type ContextRefused = { kind: 'refused'; error: string };

/** A PDF's text, read out on the server for a model that cannot take the file. */
export type PdfTextReader = (file: AttachedFile) => Promise<PdfText>;

/**
 * What a run's model is shown: as much of the conversation as fits its context, newest first,
 * with the person's attachments in the form the model takes. How many earlier messages were
 * left out is noted on the answer when it differs from what `noted` (the last note, 0 at
 * first) says.
 */
export async function answerContext(
  db: Database,
  run: ClaimedRun,
  model: AnswerModel,
  pdfText: PdfTextReader,
  noted = 0,
): Promise<ContextWindow | ContextTooLong | ContextRefused> {
  const budget = promptBudget(model.contextLength);
  const loaded = await runContext(db, run, charsBeyondBudget(budget));
  const planned = await planAttachments(db, run, model, loaded.turns, budget, pdfText);
  if (!Array.isArray(planned)) return planned;
  const context = selectContext(systemPrompt, planned, model.contextLength, loaded.earlier);
  if (context.kind === 'fits' && context.messagesLeftOut !== noted)
    await noteMessagesLeftOut(db, run, context.messagesLeftOut);
  return context;
}

/**
 * The turns with their attachments planned, newest first: the person's latest message must go
 * whole (or the run is refused); an older image the model cannot see, or that would make the
 * request too large, is named instead. Once the turns planned exceed the budget, older ones are
 * marked as not fitting rather than read (a PDF's text is costly to read out).
 */
async function planAttachments(
  db: Database,
  run: ClaimedRun,
  model: AnswerModel,
  turns: readonly ChatTurn[],
  budget: number,
  pdfText: PdfTextReader,
): Promise<ChatTurn[] | ContextRefused> {
  const people = turns.flatMap((turn) =>
    turn.role === 'user' && turn.messageId ? [turn.messageId] : [],
  );
  const attached = await attachmentsOfMessages(db, run.userId, people);
  if (attached.size === 0) return [...turns];
  const latest = people.at(-1);
  const planned: ChatTurn[] = [];
  let bytesLeft = maxRequestBytes;
  let used = 0;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index] as ChatTurn;
    const files = (turn.messageId && attached.get(turn.messageId)) || [];
    used += estimateTokens(turn.content);
    if (files.length === 0) {
      planned.push(turn);
      continue;
    }
    if (used > budget) {
      planned.push({ ...turn, attachments: [], attachmentTokens: Number.POSITIVE_INFINITY });
      continue;
    }
    const attachments: PlannedAttachment[] = [];
    let tokens = 0;
    for (const file of files) {
      const reading = readingFor(model, file, bytesLeft);
      if (reading === undefined) {
        if (turn.messageId === latest)
          return {
            kind: 'refused',
            error: refusalFor(model.id, file, howModelReads(model, file.mediaType) === 'image'),
          };
        const text = `[${file.name}: an image not shown to this model]`;
        attachments.push({ kind: 'text', text });
        tokens += estimateTokens(text);
      } else if (reading === 'name') {
        attachments.push({ kind: 'text', text: `[Attached: ${file.name}]` });
      } else if (reading === 'bytes') {
        bytesLeft -= file.size;
        attachments.push({ kind: 'bytes', file });
        tokens += fileTokens(file);
      } else {
        const text = pdfAsText(file.name, await pdfText(file));
        attachments.push({ kind: 'text', text });
        tokens += estimateTokens(text);
      }
    }
    used += tokens;
    planned.push({ ...turn, attachments, attachmentTokens: tokens });
  }
  return planned.reverse();
}

/** A PDF's text as the model is given it, framed by its name. */
function pdfAsText(name: string, read: PdfText): string {
  if (read.text === '') return `[${name}: a PDF with no text that could be read out]`;
  const rest = read.cut ? `\n[the rest of ${name} was left out: too long]` : '';
  return `[${name}, its text:]\n${read.text}${rest}\n[end of ${name}]`;
}
