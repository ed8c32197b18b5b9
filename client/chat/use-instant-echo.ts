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

  const shown = useMemo(() => {
    if (!messages || echoes.length === 0) return messages;
    const stored = new Set(messages.map((message) => message.id));
    const waiting = echoes.filter((echo) => !stored.has(echo.id));
    return waiting.length === 0 ? messages : [...messages, ...waiting];
  }, [messages, echoes]);

  // Once the store has them, the echoes have done their work.
  useEffect(() => {
    if (!messages || echoes.length === 0) return;
    const stored = new Set(messages.map((message) => message.id));
    if (echoes.some((echo) => stored.has(echo.id))) {
      setEchoes((current) => current.filter((echo) => !stored.has(echo.id)));
    }
  }, [messages, echoes]);

  const echo = useCallback((sent: readonly Message[]) => {
    setEchoes((current) => [...current, ...sent]);
  }, []);
  const forget = useCallback((sent: readonly Message[]) => {
    const ids = new Set(sent.map((message) => message.id));
    setEchoes((current) => current.filter((echo) => !ids.has(echo.id)));
  }, []);

  return { shown, echo, forget };
}
