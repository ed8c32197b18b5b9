import type { ChunkKind } from '../../shared/stream-events.ts';

/**
 * What this device holds of one run's answer: chunks `0 … next - 1`, in order, as the answer's
 * text and the reasoning before it. Chunks are added by offset, so a replay (a reconnect, a
 * second reader) never doubles either.
 */
export type AnswerText = {
  readonly text: string;
  /** What a thinking model wrote before the answer ('' when it did not reason). */
  readonly reasoning: string;
  /** The first offset not received yet: where a fresh connection resumes (`?from=`). */
  readonly next: number;
  /** Whether the stream has sent its `final` event: there is nothing more to read. */
  readonly ended: boolean;
};

export const emptyAnswerText: AnswerText = { text: '', reasoning: '', next: 0, ended: false };

/** Consecutive chunks `first … last` of one kind, as one `chunk` event brings them. */
export type Chunks = {
  readonly first: number;
  readonly last: number;
  readonly text: string;
  readonly kind: ChunkKind;
};

/**
 * The answer with `chunks` added. Chunks already held are ignored (the same answer comes
 * back); chunks that start past `next` would leave a hole, and chunks that start before it but
 * go beyond cannot be split, so both are refused with `'gap'`, and the reader resumes from
 * `next` instead.
 */
export function addChunks(answer: AnswerText, chunks: Chunks): AnswerText | 'gap' {
  if (chunks.last < answer.next) return answer;
  if (chunks.first !== answer.next) return 'gap';
  const next = chunks.last + 1;
  return chunks.kind === 'text'
    ? { ...answer, text: answer.text + chunks.text, next }
    : { ...answer, reasoning: answer.reasoning + chunks.text, next };
}
