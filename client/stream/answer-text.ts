/**
 * What this device holds of one run's answer: the text of chunks `0 … next - 1`, in order.
 * Chunks are added by offset, so a replay (a reconnect, a second reader) never doubles text.
 */
export type AnswerText = {
  readonly text: string;
  /** The first offset not received yet: where a fresh connection resumes (`?from=`). */
  readonly next: number;
  /** Whether the stream has sent its `final` event: there is nothing more to read. */
  readonly ended: boolean;
};

export const emptyAnswerText: AnswerText = { text: '', next: 0, ended: false };

/**
 * The answer with the chunk at `offset` added. A chunk already held is ignored (the same
 * answer comes back); one past `next` would leave a hole, so it is refused with `'gap'`, and
 * the reader resumes from `next` instead.
 */
export function addChunk(answer: AnswerText, offset: number, delta: string): AnswerText | 'gap' {
  if (offset < answer.next) return answer;
  if (offset > answer.next) return 'gap';
  return { ...answer, text: answer.text + delta, next: offset + 1 };
}
