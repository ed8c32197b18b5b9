import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { loadCodeThemes } from './code-themes.ts';
import { loadGrammar } from './grammars.ts';
import type { HighlightRequest, HighlightResponse, Token } from './highlight-protocol.ts';

// Colouring code off the main thread: a streaming answer's code block is re-coloured as it
// grows, and tokenising a long block takes longer than a frame.

let highlighter: Promise<HighlighterCore> | undefined;
const loaded = new Map<string, Promise<void>>();

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= loadCodeThemes().then(({ light, dark }) =>
    createHighlighterCore({
      themes: [light, dark],
      langs: [],
      // The JavaScript engine needs no WebAssembly (nor a CSP allowance to compile it), and
      // covers these grammars.
      engine: createJavaScriptRegexEngine(),
    }),
  );
  return highlighter;
}

async function highlight({ code, language }: HighlightRequest): Promise<Token[][]> {
  const core = await getHighlighter();
  let ready = loaded.get(language);
  if (!ready) {
    ready = loadGrammar(language).then((grammar) => core.loadLanguage(grammar));
    loaded.set(language, ready);
  }
  await ready;
  const { tokens } = core.codeToTokens(code, {
    lang: language,
    themes: { light: 'parley-light', dark: 'parley-dark' },
    // Both colours as CSS variables; the stylesheet picks the one for the app's theme.
    defaultColor: false,
    // Shiki gives up on a line after 500 ms and leaves the rest of it one token, in the colour
    // where it stopped. The first line a worker colours also compiles the grammar's patterns,
    // and on a busy machine that passed 500 ms: a code block stayed in one colour for good
    // (the light theme's pass, which runs first). Off the main thread, waiting is harmless.
    tokenizeTimeLimit: 10_000,
  });
  return tokens.map((line) =>
    line.map((token) => ({ content: token.content, style: token.htmlStyle ?? {} })),
  );
}

self.onmessage = (event: MessageEvent<HighlightRequest>) => {
  const request = event.data;
  highlight(request).then(
    (lines) => self.postMessage({ id: request.id, lines } satisfies HighlightResponse),
    (error: unknown) =>
      self.postMessage({ id: request.id, error: String(error) } satisfies HighlightResponse),
  );
};
