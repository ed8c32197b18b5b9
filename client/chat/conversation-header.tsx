import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { AttachmentMediaType, Conversation } from '../../shared/entities.ts';
import { ModelPicker } from '../models/model-picker.tsx';
import { ReasoningToggle } from '../models/reasoning-toggle.tsx';
import { ShareButton } from '../sharing/share-button.tsx';
import { PencilIcon, PinIcon, TrashIcon } from '../shell/icons.tsx';
import { useReplicache } from '../sync/use-replicache.ts';
import { deleteWithUndo } from './pending-deletions.ts';
import { RenameForm } from './rename-form.tsx';

/** The conversation's title, its model, and its actions: pin, rename, share and delete. */
export function ConversationHeader({
  conversation,
  attachmentTypes,
}: {
  conversation: Conversation;
  /** Kinds of the files waiting in the composer: the picker marks models that cannot read them. */
  attachmentTypes?: readonly AttachmentMediaType[] | undefined;
}) {
  const rep = useReplicache();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const pinned = conversation.pinnedAt !== null;

  async function remove() {
    // Leave first, so the page never shows "not found" for what was just deleted.
    void navigate({ to: '/' });
    deleteWithUndo(rep, conversation);
  }

  if (renaming) {
    return (
      <header className="conversation-header">
        <RenameForm
          title={conversation.title}
          onRename={(title) => rep.mutate.renameConversation({ id: conversation.id, title })}
          onDone={() => setRenaming(false)}
        />
      </header>
    );
  }

  return (
    <header className="conversation-header">
      <h1 className="conversation-title">{conversation.title || 'New chat'}</h1>
      <ModelPicker
        value={conversation.model}
        attachmentTypes={attachmentTypes}
        onChange={(model) => void rep.mutate.setConversationModel({ id: conversation.id, model })}
      />
      <ReasoningToggle model={conversation.model} />
      <div className="conversation-actions">
        <button
          type="button"
          className="button button--quiet"
          aria-pressed={pinned}
          title={pinned ? 'Unpin from the top of the list' : 'Pin to the top of the list'}
          onClick={() =>
            void rep.mutate.pinConversation({
              id: conversation.id,
              pinned: !pinned,
              at: Date.now(),
            })
          }
        >
          <PinIcon />
          <span className="label-wide">Pin</span>
        </button>
        <button type="button" className="button button--quiet" onClick={() => setRenaming(true)}>
          <PencilIcon />
          <span className="label-wide">Rename</span>
        </button>
        <ShareButton conversationId={conversation.id} />
        <button
          type="button"
          className="button button--quiet button--danger"
          onClick={() => void remove()}
        >
          <TrashIcon />
          <span className="label-wide">Delete conversation</span>
        </button>
      </div>
    </header>
  );
}
