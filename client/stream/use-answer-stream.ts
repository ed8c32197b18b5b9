import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Message } from '../../shared/entities.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { getAnswerText, watchAnswerText } from './answer-cache.ts';
import type { AnswerText } from './answer-text.ts';
import { liveRunId } from './live-run.ts';
import { readAnswerStream } from './read-answer-stream.ts';

const nothingToWatch = () => {};

/**
 * The text streamed so far of an answer being generated, read from its stream while this is
 * mounted; `null` when the row itself holds all there is (final, queued, no run yet). A stream
 * the server refused is not asked for again until the row changes (its status or its run).
 */
export function useAnswerStream(message: Message): AnswerText | null {
  const rep = useReplicache();
  const messageId = message.id;
  const runId = liveRunId(message);
  const rowKey = `${runId}:${message.status}`;

  const subscribe = useCallback(
    (onChange: () => void) => (runId === null ? nothingToWatch : watchAnswerText(runId, onChange)),
    [runId],
  );
  const answer = useSyncExternalStore(subscribe, () =>
    runId === null ? null : getAnswerText(runId),
  );

  const latestRowKey = useRef(rowKey);
  useEffect(() => {
    latestRowKey.current = rowKey;
  });
  const [refusedAt, setRefusedAt] = useState<string | null>(null);
  const refused = refusedAt === rowKey;

  useEffect(() => {
    if (runId === null || refused) return;
    return readAnswerStream({
      messageId,
      runId,
      // The server wrote the final row before the final event: fetch it now rather than wait
      // for the poke, so the row takes over from the stream at once.
      onEnded: () => void rep.pull().catch(() => {}),
      onRefused: () => setRefusedAt(latestRowKey.current),
    });
  }, [rep, messageId, runId, refused]);

  return answer;
}
