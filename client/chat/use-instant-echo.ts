import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Message } from '../../shared/entities.ts';
import { afterNextPaint } from '../shell/after-next-paint.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { newSend, type SendingConversation, sentMessages } from './send-message.ts';

/** How long a sent message is echoed at most before the store must show it. */
const echoGraceMs = 2_000;

/**
 * A sent message on screen in the frame after Enter. The page shows the sent messages itself
 * (rendered with the keypress, as React renders a discrete event's updates at once) until the
 * store's list holds them, and the mutation waits until that frame is painted: Replicache's
 * mutation, the push it starts and the subscription's render of the stored list all run in
 * microtasks, and in the keypress's task they held its paint back (decision 022).
 *
 * Returns the messages to show, and `send`, which sends a message (and the attachments it
 * names) in `conversation` and echoes it (taking the echo back if the send fails).
 */
export function useInstantEcho(messages: Message[] | undefined) {
  const rep = useReplicache();
  const [echoes, setEchoes] = useState<readonly Message[]>([]);
  const shown = useMemo(() => withEchoes(messages, echoes), [messages, echoes]);

  // Once the store has them, the echoes have done their work.
  useEffect(() => {
    if (!messages || echoes.length === 0) return;
    const waiting = unstored(messages, echoes);
    if (waiting.length < echoes.length) setEchoes(waiting);
  }, [messages, echoes]);

  const send = useCallback(
    async (conversation: SendingConversation, content: string, attachmentIds: string[] = []) => {
      const args = newSend(conversation, content, attachmentIds);
      const sent = sentMessages(args, shown ?? []);
      const forget = () => setEchoes((current) => unstored(sent, current));
      setEchoes((current) => [...current, ...sent]);
      try {
        await afterNextPaint();
        await rep.mutate.sendMessage(args);
      } catch (error) {
        forget();
        throw error;
      }
      // The store shows them by now, unless it wrote nothing (the conversation was deleted on
      // another device meanwhile): then the echo must not linger.
      setTimeout(forget, echoGraceMs);
    },
    [rep, shown],
  );

  return { shown, send };
}

/** The store's messages followed by the echoes it does not hold yet. */
export function withEchoes(
  messages: Message[] | undefined,
  echoes: readonly Message[],
): Message[] | undefined {
  if (!messages || echoes.length === 0) return messages;
  const waiting = unstored(messages, echoes);
  return waiting.length === 0 ? messages : [...messages, ...waiting];
}

/** The echoes whose ids are not among `messages`. */
function unstored(messages: readonly Message[], echoes: readonly Message[]): Message[] {
  const stored = new Set(messages.map((message) => message.id));
  return echoes.filter((echo) => !stored.has(echo.id));
}
