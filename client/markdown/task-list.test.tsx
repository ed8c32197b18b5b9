import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import MarkdownView from './markdown-view.tsx';

test("a task's checkbox is named by the task's own text, not its sub-tasks'", () => {
  const html = renderToStaticMarkup(
    <MarkdownView
      text={['- [x] pack the **tent**', '  - [ ] find the pegs', '- plain item'].join('\n')}
      complete
    />,
  );
  const boxes = [...html.matchAll(/<input[^>]*>/g)].map((match) => match[0]);
  expect(boxes).toHaveLength(2);
  expect(boxes[0]).toContain('aria-label="pack the tent"');
  expect(boxes[0]).toContain('checked=""');
  expect(boxes[1]).toContain('aria-label="find the pegs"');
  expect(html).toContain('<li>plain item</li>');
});
