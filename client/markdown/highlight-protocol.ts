/** One coloured piece of a line: its text and its CSS variables (`--shiki-light`, …). */
export type Token = { content: string; style: Record<string, string> };

export type HighlightRequest = { id: number; code: string; language: string };

export type HighlightResponse = { id: number; lines: Token[][] } | { id: number; error: string };
