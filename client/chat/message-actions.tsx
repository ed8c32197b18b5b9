import { useNavigate } from '@tanstack/react-router';
import { useId, useRef, useState } from 'react';
import type { Message } from '../../shared/entities.ts';
import { isFinishedAnswer } from '../../shared/message-status.ts';
import { branchOff } from '../branches/branch-actions.ts';
import { ModelList } from '../models/model-list.tsx';
import { modelName } from '../models/model-name.ts';
import { reasoningWanted } from '../models/reasoning-choice.ts';
import { useModels } from '../models/use-models.ts';
import { BranchIcon, PencilIcon, RetryIcon, SwitchIcon } from '../shell/icons.tsx';
import { useReplicache } from '../sync/use-replicache.ts';
import { CopyButton } from './copy-button.tsx';

/**
 * The row of small buttons under a message: Copy; Edit for the person's own; for a finished
 * answer, Retry, a list of models to answer again with another one, and Branch off.
 */
export function MessageActions({ message, onEdit }: { message: Message; onEdit: () => void }) {
  const rep = useReplicache();
  const navigate = useNavigate();
  const models = useModels();
  const [choosing, setChoosing] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const finished = isFinishedAnswer(message);

  const retry = (model?: string) => {
    setChoosing(false);
    void rep.mutate.retryAnswer({
      conversationId: message.conversationId,
      messageId: message.id,
      ...(model === undefined ? {} : { model }),
      // As the toggle says now for the model that answers.
      reasoning: reasoningWanted(model ?? message.model ?? ''),
    });
  };

  async function branch() {
    const id = await branchOff(rep, message);
    void navigate({ to: '/c/$conversationId', params: { conversationId: id } });
  }

  return (
    <>
      <div className="message-actions">
        {message.content && <CopyButton text={message.content} />}
        {message.role === 'user' && (
          <button
            type="button"
            className="icon-button"
            title="Edit: send it changed, in a new branch"
            onClick={onEdit}
          >
            <PencilIcon />
            <span className="visually-hidden">Edit</span>
          </button>
        )}
        {finished && (
          <>
            <button
              type="button"
              className="icon-button"
              title="Retry: answer again"
              onClick={() => retry()}
            >
              <RetryIcon />
              <span className="visually-hidden">Retry</span>
            </button>
            {/* Named by its text, not aria-label, and without "Retry" in it: names are matched as
                substrings, and `Retry` and the `Model` control must each find one element. */}
            <button
              ref={toggle}
              type="button"
              className="icon-button"
              title="Answer again with another model"
              aria-expanded={choosing}
              aria-controls={choosing ? listId : undefined}
              onClick={() => setChoosing((open) => !open)}
            >
              <SwitchIcon />
              <span className="visually-hidden">Try another model</span>
            </button>
          </>
        )}
        {finished && (
          <button
            type="button"
            className="icon-button"
            title="Branch off: a new conversation from here"
            onClick={() => void branch()}
          >
            <BranchIcon />
            <span className="visually-hidden">Branch off</span>
          </button>
        )}
        {message.role === 'assistant' && message.model && (
          <span className="message-model">{modelName(models, message.model)}</span>
        )}
      </div>
      {finished && choosing && (
        <ModelList
          id={listId}
          models={models}
          current={message.model}
          onChoose={retry}
          onDismiss={() => {
            setChoosing(false);
            toggle.current?.focus();
          }}
        />
      )}
    </>
  );
}
