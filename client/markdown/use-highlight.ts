import { useEffect, useRef, useState } from 'react';
import { highlightCode } from './highlight-client.ts';
import type { Token } from './highlight-protocol.ts';
import { grammarId } from './languages.ts';

export type Highlighted = { code: string; lines: Token[][] };

/**
 * The latest colouring of `code` for `language`: null until colours arrive, or when the language
 * is not coloured. It may be for an earlier text of a growing block (a streaming answer): one
 * request is in flight at a time and the newest text goes next, so the worker is never flooded.
 */
export function useHighlight(code: string, language: string): Highlighted | null {
  const grammar = grammarId(language);
  const [result, setResult] = useState<Highlighted | null>(null);
  const latest = useRef(code);
  const busy = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    latest.current = code;
    if (!grammar || busy.current) return;
    const run = (text: string) => {
      busy.current = true;
      highlightCode(text, grammar)
        .then((lines) => {
          if (mounted.current) setResult({ code: text, lines });
        })
        .catch(() => {
          // Colours are a nicety: the code stays readable as plain text.
        })
        .finally(() => {
          busy.current = false;
          if (mounted.current && latest.current !== text) run(latest.current);
        });
    };
    run(code);
  }, [code, grammar]);

  return grammar ? result : null;
}
