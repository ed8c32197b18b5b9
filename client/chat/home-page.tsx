import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { ModelPicker } from '../models/model-picker.tsx';
import { ReasoningToggle } from '../models/reasoning-toggle.tsx';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { WebSearchToggle } from '../web-search/web-search-toggle.tsx';
import { Composer } from './composer.tsx';
import { startConversation } from './send-message.ts';
import { useNewChatModel } from './use-new-chat-model.ts';

/** Ways to start, for someone facing an empty box. */
const examples = [
  'Explain how a service worker makes a web app work offline',
  'Write a Python function that checks whether a word is a palindrome',
  'Plan a three-day trip to Lisbon on a small budget',
  'Summarise the pros and cons of remote work in a table',
];

/** `/`: a new chat. The first message creates the conversation, then opens it. */
export function HomePage() {
  const rep = useReplicache();
  const navigate = useNavigate();
  const [model, setModel] = useNewChatModel();
  const [attachmentTypes, setAttachmentTypes] = useState<AttachmentMediaType[]>([]);
  // Off for each new chat: a search costs, so it is asked for, not inherited.
  const [webSearch, setWebSearch] = useState(false);
  useDocumentTitle(null);

  async function send(content: string, attachmentIds: string[] = []) {
    const conversationId = await startConversation(rep, content, model, attachmentIds, webSearch);
    void navigate({ to: '/c/$conversationId', params: { conversationId } });
  }

  return (
    <div className="chat chat--empty">
      <div className="chat-scroll">
        <div className="empty-state">
          <h1>How can I help?</h1>
          <p>Ask anything. Your chats live on this device and sync to your others.</p>
          <ul className="examples" aria-label="Examples">
            {examples.map((example) => (
              <li key={example}>
                <button type="button" className="example" onClick={() => void send(example)}>
                  {example}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <Composer
        onSend={send}
        onAttachmentTypes={setAttachmentTypes}
        accessory={
          <>
            <ModelPicker value={model} onChange={setModel} attachmentTypes={attachmentTypes} />
            <ReasoningToggle model={model} />
            <WebSearchToggle on={webSearch} onChange={setWebSearch} />
          </>
        }
      />
    </div>
  );
}
