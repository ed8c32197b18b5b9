import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Message } from '../../shared/entities.ts';

/**
 * A sent message on screen in the frame after Enter. The store shows it too, but only after
 * its mutation and subscription have run over several tasks, often a frame or two later; so
 * the page shows the sent messages itself (rendered with the keypress, as React renders a
 * discrete event's updates at once) until the store's list holds them.
 *
 * Returns the messages to show, and `echo` (show these now) with `forget` (the send failed).
 */
export function useInstantEcho(messages: Message[] | undefined) {
  const [echoes, setEchoes] = useState<readonly Message[]>([]);
  const shown = useMemo(() => withEchoes(messages, echoes), [messages, echoes]);

  // Once the store has them, the echoes have done their work.
  useEffect(() => {
    if (!messages || echoes.length === 0) return;
    const waiting = unstored(messages, echoes);
    if (waiting.length < echoes.length) setEchoes(waiting);
  }, [messages, echoes]);

  const echo = useCallback((sent: readonly Message[]) => {
    setEchoes((current) => [...current, ...sent]);
  }, []);
  const forget = useCallback((sent: readonly Message[]) => {
    setEchoes((current) => unstored(sent, current));
  }, []);

  return { shown, echo, forget };
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
