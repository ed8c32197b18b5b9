import { Link, useLocation } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { watchAttachments } from '../attachments/use-message-attachments.ts';
import { BranchBreadcrumb } from '../branches/branch-breadcrumb.tsx';
import { useBranches } from '../branches/use-branches.ts';
import { noteConversationShown } from '../local/last-screen.ts';
import { loadMarkdownView } from '../markdown/load-markdown-view.ts';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { isGenerating } from '../stream/live-run.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { WebSearchToggle } from '../web-search/web-search-toggle.tsx';
import { Composer } from './composer.tsx';
import { ConversationHeader } from './conversation-header.tsx';
import { MessageList } from './message-list.tsx';
import { stopAnswers } from './stop-answers.ts';
import { useConversation } from './use-conversation.ts';
import { useEscapeToStop } from './use-escape-to-stop.ts';
import { useInstantEcho } from './use-instant-echo.ts';
import { useMessages } from './use-messages.ts';

/** `/c/$conversationId`: one conversation, read from the local store. */
export function ConversationPage({ conversationId }: { conversationId: string }) {
  const rep = useReplicache();
  const conversation = useConversation(conversationId);
  const openAt = useLocation({ select: (location) => location.hash }) || undefined;
  // Opening at a message (a branch point) needs the store's own list: one remembered from
  // earlier may not hold that message yet.
  const stored = useMessages(conversationId, { fresh: openAt !== undefined });
  const { shown: messages, send } = useInstantEcho(stored);
  const branches = useBranches(conversationId);
  const [sentAt, setSentAt] = useState(0);
  const [attachmentTypes, setAttachmentTypes] = useState<AttachmentMediaType[]>([]);
  const generating = messages?.some(isGenerating) ?? false;
  const stop = useCallback(() => void stopAnswers(rep, messages ?? []), [rep, messages]);
  const chars = useMemo(
    () => messages?.reduce((sum, m) => sum + m.content.length, 0) ?? 0,
    [messages],
  );
  useEscapeToStop(generating, stop);
  useDocumentTitle(conversation ? conversation.title || 'New chat' : null);
  // Its answers will want Markdown: start on it while the messages are read.
  useEffect(() => void loadMarkdownView().catch(() => undefined), []);
  // Its messages' files are read beside them, so they paint with them.
  useEffect(() => watchAttachments(rep), [rep]);
  // What a reload paints first (the store's messages: an echo not yet stored is not saved).
  useEffect(() => {
    if (!conversation || !stored) return;
    noteConversationShown({ conversation, messages: stored });
    return () => noteConversationShown(null);
  }, [conversation, stored]);

  // Until the local store has answered once, show nothing rather than a wrong "not found".
  if (conversation === undefined) return <div className="chat" aria-busy="true" />;

  if (conversation === null) {
    return (
      <div className="chat chat--empty">
        <div className="empty-state">
          <h1>Conversation not found</h1>
          <p>It may have been deleted, or it has not reached this device yet.</p>
          <Link to="/" className="button">
            Start a new chat
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="chat">
      <ConversationHeader conversation={conversation} attachmentTypes={attachmentTypes} />
      {conversation.parentConversationId && <BranchBreadcrumb branch={conversation} />}
      {messages ? (
        <MessageList
          key={conversationId}
          conversation={conversation}
          messages={messages}
          branches={branches}
          sentAt={sentAt}
          openAt={openAt}
        />
      ) : (
        <div className="chat-body" aria-busy="true" />
      )}
      <Composer
        onSend={(content, attachmentIds) => {
          setSentAt(Date.now());
          return send(conversation, content, attachmentIds);
        }}
        generating={generating}
        onStop={stop}
        context={{ chars, model: conversation.model }}
        onAttachmentTypes={setAttachmentTypes}
        accessory={
          <WebSearchToggle
            on={conversation.webSearch}
            onChange={(webSearch) =>
              void rep.mutate.setConversationWebSearch({ id: conversation.id, webSearch })
            }
          />
        }
      />
    </div>
  );
}
