import type { HighlightRequest, HighlightResponse, Token } from './highlight-protocol.ts';

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve(lines: Token[][]): void; reject(error: Error): void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./highlight.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<HighlightResponse>) => {
    const response = event.data;
    const pending = waiting.get(response.id);
    waiting.delete(response.id);
    if (!pending) return;
    if ('lines' in response) pending.resolve(response.lines);
    else pending.reject(new Error(response.error));
  };
  return worker;
}

/** Colours `code` in the highlighting worker (the grammar `language` must be known). */
export function highlightCode(code: string, language: string): Promise<Token[][]> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    getWorker().postMessage({ id, code, language } satisfies HighlightRequest);
  });
}
