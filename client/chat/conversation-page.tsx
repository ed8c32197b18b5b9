import { Link } from '@tanstack/react-router';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { Composer } from './composer.tsx';
import { ConversationHeader } from './conversation-header.tsx';
import { MessageList } from './message-list.tsx';
import { sendMessage } from './send-message.ts';
import { useConversation } from './use-conversation.ts';
import { useMessages } from './use-messages.ts';

/** `/c/$conversationId`: one conversation, read from the local store. */
export function ConversationPage({ conversationId }: { conversationId: string }) {
  const rep = useReplicache();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  useDocumentTitle(conversation ? conversation.title || 'New chat' : null);

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
      <ConversationHeader conversation={conversation} />
      <div className="chat-scroll">
        <MessageList messages={messages ?? []} />
      </div>
      <Composer onSend={(content) => sendMessage(rep, conversation, content)} />
    </div>
  );
}
