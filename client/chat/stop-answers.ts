import type { Message } from '../../shared/entities.ts';
import { isGenerating } from '../stream/live-run.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/** Asks the server to stop every answer of the conversation that is being generated. */
export async function stopAnswers(
  rep: ParleyReplicache,
  messages: readonly Message[],
): Promise<void> {
  await Promise.all(
    messages
      .filter(isGenerating)
      .map((answer) =>
        rep.mutate.stopAnswer({ conversationId: answer.conversationId, messageId: answer.id }),
      ),
  );
}
