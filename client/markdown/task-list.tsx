import { createContext, type JSX, useContext } from 'react';
import type { ExtraProps } from 'react-markdown';

type HastNode = NonNullable<ExtraProps['node']>;

/** The text of the task whose checkbox is being rendered. */
const TaskText = createContext<string | undefined>(undefined);

/**
 * A list item. A task's (`- [x] tent`) checkbox sits beside its text, not in a label, so it
 * would be announced as a bare "checkbox, checked": the item's own text names it instead.
 */
export function ListItem({ node, ...props }: JSX.IntrinsicElements['li'] & ExtraProps) {
  const task = props.className?.split(' ').includes('task-list-item') && node;
  if (!task) return <li {...props} />;
  return (
    <TaskText.Provider value={ownText(node)}>
      <li {...props} />
    </TaskText.Provider>
  );
}

/** An input in an answer: only a task's checkbox (disabled) is ever one. */
export function TaskCheckbox({
  node: _node,
  ...props
}: JSX.IntrinsicElements['input'] & ExtraProps) {
  const text = useContext(TaskText);
  return <input {...props} aria-label={props.type === 'checkbox' && text ? text : undefined} />;
}

/** The item's text without its sub-lists (their tasks have their own). */
function ownText(node: HastNode): string {
  const parts: string[] = [];
  const walk = (children: HastNode['children']) => {
    for (const child of children) {
      if (child.type === 'text') parts.push(child.value);
      else if (child.type === 'element' && child.tagName !== 'ul' && child.tagName !== 'ol') {
        walk(child.children);
      }
    }
  };
  walk(node.children);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
