import { Link } from '@tanstack/react-router';
import type { Conversation } from '../../shared/entities.ts';
import { useConversation } from '../chat/use-conversation.ts';
import { BranchIcon } from '../shell/icons.tsx';

/**
 * Over a branch: where it came from, one click back to the parent at the message it branched
 * at. A parent deleted since (or not on this device yet) is named, not linked.
 */
export function BranchBreadcrumb({ branch }: { branch: Conversation }) {
  const parent = useConversation(branch.parentConversationId ?? '');
  const verb = branch.branchKind === 'edit' ? 'Edited from' : 'Branched from';
  if (parent === undefined) return null;
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <BranchIcon />
      <span>{verb}</span>
      {parent ? (
        <Link
          to="/c/$conversationId"
          params={{ conversationId: parent.id }}
          hash={branch.branchPointMessageId ?? ''}
        >
          {parent.title || 'New chat'}
        </Link>
      ) : (
        <span className="breadcrumb-missing">a conversation that is no longer here</span>
      )}
    </nav>
  );
}
