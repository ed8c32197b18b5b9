import { lazy, memo, Suspense, useState } from 'react';
import type { Conversation, Message } from '../../shared/entities.ts';
import { isFinalStatus } from '../../shared/message-status.ts';
import { editAndResend } from '../branches/branch-actions.ts';
import { EditMessageForm } from '../branches/edit-message-form.tsx';
import { MessageBranches } from '../branches/message-branches.tsx';
import { navigate } from '../routing/location.ts';
import { conversationPath } from '../routing/paths.ts';
import { isGenerating } from '../stream/live-run.ts';
import { useAnswerStream } from '../stream/use-answer-stream.ts';
import { useOnline } from '../sync/use-online.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { MessageActions } from './message-actions.tsx';
import { answerProblem, messageStatusHint } from './message-status.ts';

// Markdown (and its parser) loads after first paint; until then an answer shows as plain text.
const MarkdownView = lazy(() => import('../markdown/markdown-view.tsx'));

type Props = {
  message: Message;
  conversation: Pick<Conversation, 'id' | 'model'>;
  /** Conversations branched off (or edited from) this message. */
  branches: readonly Conversation[] | undefined;
};

/**
 * One message: the person's words as written (whitespace kept), an answer as Markdown. While an
 * answer is being generated its text comes from the stream; once the row is final, from the
 * row (the same text, so the hand-over does not show). Under it, its actions and its branches.
 */
export const MessageArticle = memo(function MessageArticle({
  message,
  conversation,
  branches,
}: Props) {
  const rep = useReplicache();
  const [editing, setEditing] = useState(false);
  const online = useOnline();
  const stream = useAnswerStream(message);
  const generating = isGenerating(message);
  const text = stream ? stream.text : message.content;
  const hint = messageStatusHint(message, online, text !== '');
  const problem = answerProblem(message);
  const typing = generating && text !== '' && !stream?.ended;

  return (
    <article
      className={`message message--${message.role}`}
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
      aria-busy={generating}
    >
      {editing ? (
        <EditMessageForm
          original={message.content}
          onCancel={() => setEditing(false)}
          onSave={async (content) => {
            const id = await editAndResend(rep, conversation, message, content);
            navigate(conversationPath(id));
          }}
        />
      ) : (
        text && (
          <div className={`message-content message-content--${message.role}`}>
            {message.role === 'assistant' ? (
              <Suspense fallback={<p className="markdown-pending">{text}</p>}>
                <MarkdownView text={text} complete={!generating} />
              </Suspense>
            ) : (
              text
            )}
            {typing && <TypingIndicator />}
          </div>
        )
      )}
      {hint && (
        <p className={generating ? 'message-hint message-hint--busy' : 'message-hint'}>{hint}</p>
      )}
      {problem && (
        <p className="message-hint message-hint--error" role="alert">
          {problem}
        </p>
      )}
      {!editing && (message.role === 'user' || isFinalStatus(message.status)) && (
        <MessageActions message={message} onEdit={() => setEditing(true)} />
      )}
      {branches && <MessageBranches branches={branches} />}
    </article>
  );
});

function TypingIndicator() {
  return (
    <span className="typing-indicator" aria-hidden="true">
      <span />
      <span />
      <span />
    </span>
  );
}
