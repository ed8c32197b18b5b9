import { Link } from '@tanstack/react-router';
import type { Conversation } from '../../shared/entities.ts';
import { BranchIcon } from '../shell/icons.tsx';

/** Under a message: the conversations that branched off there, or were edited from it. */
export function MessageBranches({ branches }: { branches: readonly Conversation[] }) {
  return (
    <nav className="message-branches" aria-label="Branches from this message">
      <ul>
        {branches.map((branch) => (
          <li key={branch.id}>
            <Link
              to="/c/$conversationId"
              params={{ conversationId: branch.id }}
              className="message-branch-link"
            >
              <BranchIcon />
              {branch.branchKind === 'edit' ? 'Edited version' : 'Branch'}:{' '}
              {branch.title || 'New chat'}
              <time
                className="message-branch-time"
                dateTime={new Date(branch.createdAt).toISOString()}
              >
                {formatWhen(branch.createdAt)}
              </time>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "14:32" today, "3 Nov" before: enough to tell two branches with one title apart. */
function formatWhen(epochMs: number): string {
  const when = new Date(epochMs);
  const today = new Date().toDateString() === when.toDateString();
  return today
    ? when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : when.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
