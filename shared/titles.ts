import { limits } from './limits.ts';

/** A provisional title from the first message: its first words, on one line, bounded. */
export function titleFromMessage(content: string, maxWords = 6): string {
  const words = content.trim().split(/\s+/).filter(Boolean);
  const title = words.slice(0, maxWords).join(' ');
  const clipped = title.length > 60 ? `${title.slice(0, 59)}…` : title;
  return (words.length > maxWords && !clipped.endsWith('…') ? `${clipped}…` : clipped).slice(
    0,
    limits.titleChars,
  );
}
