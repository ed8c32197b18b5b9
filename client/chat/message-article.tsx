import { useNavigate } from '@tanstack/react-router';
import { memo, useEffect, useMemo, useState } from 'react';
import type { Conversation, Message, MessageSource } from '../../shared/entities.ts';
import { isFinalStatus } from '../../shared/message-status.ts';
import { MessageAttachments } from '../attachments/message-attachments.tsx';
import { editAndResend } from '../branches/branch-actions.ts';
import { EditMessageForm } from '../branches/edit-message-form.tsx';
import { MessageBranches } from '../branches/message-branches.tsx';
import { useMarkdownView } from '../markdown/load-markdown-view.ts';
import { withSettingsLink } from '../settings/settings-link.tsx';
import { isGenerating } from '../stream/live-run.ts';
import { useAnswerStream } from '../stream/use-answer-stream.ts';
import { useOnline } from '../sync/use-online.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { SourceList } from '../web-search/source-list.tsx';
import { withSourceMarkers } from '../web-search/source-markers.ts';
import { ContextNote } from './context-note.tsx';
import { messagePreview } from './long-message.ts';
import { MessageActions } from './message-actions.tsx';
import { answerProblem, messageStatusHint } from './message-status.ts';
import { ReasoningDetails } from './reasoning-details.tsx';
import { UsageLine } from './usage-line.tsx';

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
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const online = useOnline();
  const stream = useAnswerStream(message);
  const generating = isGenerating(message);
  const text = stream ? stream.text : message.content;
  const reasoning = stream ? stream.reasoning : (message.reasoning ?? '');
  const hint = messageStatusHint(message, online, text !== '' || reasoning !== '');
  const problem = answerProblem(message);
  const typing = generating && text !== '' && !stream?.ended;
  // Cited pages come with the final row: until then the text has no places to mark.
  const sources = stream ? undefined : message.sources;

  return (
    <article
      className={`message message--${message.role}`}
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
      aria-busy={generating}
    >
      {reasoning && (
        <ReasoningDetails
          durationMs={stream ? null : (message.reasoningMs ?? null)}
          live={generating && text === '' && !stream?.ended}
        >
          <AnswerMarkdown text={reasoning} complete={!generating || text !== ''} />
        </ReasoningDetails>
      )}
      {message.role === 'user' && <MessageAttachments messageId={message.id} />}
      {editing ? (
        <EditMessageForm
          original={message.content}
          onCancel={() => setEditing(false)}
          onSave={async (content) => {
            const id = await editAndResend(rep, conversation, message, content);
            void navigate({ to: '/c/$conversationId', params: { conversationId: id } });
          }}
        />
      ) : (
        text && (
          <div className={`message-content message-content--${message.role}`}>
            {message.role === 'assistant' ? (
              <AnswerMarkdown text={text} complete={!generating} sources={sources} />
            ) : (
              <PersonText id={message.id} text={text} />
            )}
            {typing && <TypingIndicator progress={text.length} />}
          </div>
        )
      )}
      {message.role === 'assistant' && <MessageAttachments messageId={message.id} />}
      {hint && (
        <p className={generating ? 'message-hint message-hint--busy' : 'message-hint'}>{hint}</p>
      )}
      {problem && (
        <p className="message-hint message-hint--error" role="alert">
          {withSettingsLink(problem)}
        </p>
      )}
      {sources && sources.length > 0 && <SourceList sources={sources} />}
      <ContextNote message={message} />
      <UsageLine message={message} />
      {!editing && (message.role === 'user' || isFinalStatus(message.status)) && (
        <MessageActions message={message} onEdit={() => setEditing(true)} />
      )}
      {branches && <MessageBranches branches={branches} />}
    </article>
  );
});

/** Messages shown whole after "Show more", while this page lasts (rows remount as they scroll). */
const shownWhole = new Set<string>();

/** The person's words as written; a long message as its start, with "Show more". */
function PersonText({ id, text }: { id: string; text: string }) {
  const [whole, setWhole] = useState(() => shownWhole.has(id));
  const preview = messagePreview(text);
  if (preview === null) return text;
  const toggle = () => {
    if (whole) shownWhole.delete(id);
    else shownWhole.add(id);
    setWhole(!whole);
  };
  return (
    <>
      {whole ? text : `${preview}…`}
      <button
        type="button"
        className="link-button show-more"
        aria-expanded={whole}
        onClick={toggle}
      >
        {whole ? 'Show less' : 'Show more'}
      </button>
    </>
  );
}

/**
 * An answer as Markdown once that code has loaded, with a marker after each span its sources
 * cite; as plain text until then, or if it cannot.
 */
function AnswerMarkdown({
  text,
  complete,
  sources,
}: {
  text: string;
  complete: boolean;
  sources?: readonly MessageSource[] | undefined;
}) {
  const markdown = useMarkdownView();
  const marked = useMemo(
    () => (sources && sources.length > 0 ? withSourceMarkers(text, sources) : text),
    [text, sources],
  );
  if (markdown.status !== 'loaded') return <p className="markdown-pending">{text}</p>;
  const MarkdownView = markdown.module.default;
  return <MarkdownView text={marked} complete={complete} />;
}

/** How long without new text before the dots move again: the answer is waiting on the model. */
const stalledMs = 1_000;

/**
 * Three dots after the text while an answer is being written. They move only while no text
 * arrives (the model is thinking, or the network is slow): while it flows, the growing text
 * shows the progress, and moving dots cost a style update in every frame (about a third of
 * the page's main-thread time while an answer streamed, measured with software compositing,
 * enough to push each token's paint a frame later).
 */
function TypingIndicator({ progress }: { progress: number }) {
  // The length the text had when it stalled: new text ends the stall in the same render.
  const [stalledAt, setStalledAt] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setStalledAt(progress), stalledMs);
    return () => clearTimeout(timer);
  }, [progress]);
  const stalled = stalledAt === progress;
  return (
    <span
      className={stalled ? 'typing-indicator typing-indicator--stalled' : 'typing-indicator'}
      aria-hidden="true"
    >
      <span />
      <span />
      <span />
    </span>
  );
}
