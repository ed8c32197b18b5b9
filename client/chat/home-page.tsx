import { useNavigate } from '@tanstack/react-router';
import { ModelSelect } from '../models/model-select.tsx';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { Composer } from './composer.tsx';
import { startConversation } from './send-message.ts';
import { useNewChatModel } from './use-new-chat-model.ts';

/** `/`: a new chat. The first message creates the conversation, then opens it. */
export function HomePage() {
  const rep = useReplicache();
  const navigate = useNavigate();
  const [model, setModel] = useNewChatModel();
  useDocumentTitle(null);

  async function send(content: string) {
    const conversationId = await startConversation(rep, content, model);
    await navigate({ to: '/c/$conversationId', params: { conversationId } });
  }

  return (
    <div className="chat chat--empty">
      <div className="chat-scroll">
        <div className="empty-state">
          <h1>How can I help?</h1>
          <p>Ask anything. Your chats live on this device and sync to your others.</p>
        </div>
      </div>
      <Composer onSend={send} accessory={<ModelSelect value={model} onChange={setModel} />} />
    </div>
  );
}
