import type { Footnote } from './answer-definitions.ts';
import { callId, jumpTo, noteId, notesHeadingId } from './footnote-call.tsx';
import { MarkdownBlock } from './markdown-block.tsx';

/**
 * An answer's footnotes, after all of its text, as one numbered list: each note with a way back
 * to where it is first called. `settledBlocks`: notes defined in blocks before this one will
 * not change any more.
 */
export function FootnoteNotes({
  footnotes,
  prefix,
  settledBlocks,
}: {
  footnotes: readonly Footnote[];
  prefix: string;
  settledBlocks: number;
}) {
  return (
    <section className="footnotes" aria-labelledby={notesHeadingId(prefix)}>
      <h2 id={notesHeadingId(prefix)} className="visually-hidden">
        Footnotes
      </h2>
      <ol>
        {footnotes.map((footnote) => {
          const back = callId(prefix, footnote.number);
          return (
            <li key={footnote.identifier} id={noteId(prefix, footnote.number)} tabIndex={-1}>
              <MarkdownBlock
                source={footnote.note}
                settled={footnote.definedIn < settledBlocks}
                position={-1}
              />{' '}
              <a
                href={`#${back}`}
                className="footnote-back"
                aria-label={`Back to reference ${footnote.number}`}
                onClick={(event) => jumpTo(event, back)}
              >
                ↩
              </a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
