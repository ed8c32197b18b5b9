import { useId, useRef, useState } from 'react';
import type { Message } from '../../shared/entities.ts';
import { isFinalStatus } from '../../shared/message-status.ts';
import { ModelList } from '../models/model-list.tsx';
import { modelName } from '../models/model-name.ts';
import { useModels } from '../models/use-models.ts';
import { RetryIcon, SwitchIcon } from '../shell/icons.tsx';
import { useReplicache } from '../sync/use-replicache.ts';
import { CopyButton } from './copy-button.tsx';

/**
 * The row of small buttons under a message: Copy; for a finished answer, Retry, and a list of
 * models to answer again with another one.
 */
export function MessageActions({ message }: { message: Message }) {
  const rep = useReplicache();
  const models = useModels();
  const [choosing, setChoosing] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const canRetry = message.role === 'assistant' && isFinalStatus(message.status);

  const retry = (model?: string) => {
    setChoosing(false);
    void rep.mutate.retryAnswer({
      conversationId: message.conversationId,
      messageId: message.id,
      ...(model === undefined ? {} : { model }),
    });
  };

  return (
    <>
      <div className="message-actions">
        {message.content && <CopyButton text={message.content} />}
        {canRetry && (
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
        {message.role === 'assistant' && message.model && (
          <span className="message-model">{modelName(models, message.model)}</span>
        )}
      </div>
      {canRetry && choosing && (
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
