import { Children, isValidElement, type ReactNode } from 'react';
import { CopyButton } from '../chat/copy-button.tsx';
import { type Highlighted, useHighlight } from './use-highlight.ts';

/**
 * A fenced code block: its language as a label, a `Copy` button, and the code, coloured by
 * Shiki in a worker once the colours arrive. Until then (and for text written since the last
 * colouring) it is the same text uncoloured, so colours never move anything.
 */
export function CodeBlock({ children }: { children: ReactNode }) {
  const code = Children.toArray(children).find(isValidElement) as
    | { props: { className?: string; children?: ReactNode } }
    | undefined;
  const language = /language-([\w+#.-]+)/.exec(code?.props.className ?? '')?.[1] ?? 'text';
  const text = String(code?.props.children ?? '').replace(/\n$/, '');
  const highlighted = useHighlight(text, language);
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-language">{language}</span>
        <CopyButton text={text} />
      </div>
      {/* Long lines scroll sideways: reached by Tab, the keyboard alone can scroll them, as
          axe's scrollable-region-focusable rule asks. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable */}
      <pre tabIndex={0}>
        <code className={`language-${language}`}>
          {highlighted && text.startsWith(highlighted.code) ? (
            <ColouredCode highlighted={highlighted} rest={text.slice(highlighted.code.length)} />
          ) : (
            text
          )}
          {'\n'}
        </code>
      </pre>
    </div>
  );
}

function ColouredCode({ highlighted, rest }: { highlighted: Highlighted; rest: string }) {
  return (
    <>
      {highlighted.lines.map((line, row) => (
        // Lines and tokens have no identity but their place, and are replaced wholesale.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <span key={row} className="code-line">
          {line.map((token, column) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <span key={column} style={token.style}>
              {token.content}
            </span>
          ))}
          {row < highlighted.lines.length - 1 ? '\n' : ''}
        </span>
      ))}
      {rest}
    </>
  );
}
