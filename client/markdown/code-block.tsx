import { Children, isValidElement, type ReactNode } from 'react';
import { CopyButton } from '../chat/copy-button.tsx';

/**
 * A fenced code block: its language as a label and a `Copy` button above the code. (Syntax
 * colours come with the Shiki work.)
 */
export function CodeBlock({ children }: { children: ReactNode }) {
  const code = Children.toArray(children).find(isValidElement) as
    | { props: { className?: string; children?: ReactNode } }
    | undefined;
  const language = /language-([\w+#.-]+)/.exec(code?.props.className ?? '')?.[1] ?? 'text';
  const text = String(code?.props.children ?? '').replace(/\n$/, '');
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-language">{language}</span>
        <CopyButton text={text} />
      </div>
      <pre>{children}</pre>
    </div>
  );
}
