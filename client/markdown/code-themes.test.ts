import { describe, expect, test } from 'vitest';
import { codeBackground, loadCodeThemes } from './code-themes.ts';
import { contrastRatio, readableOn } from './readable-colour.ts';

describe('the colours of highlighted code', () => {
  test('every token colour of both themes reads at 4.5:1 or more on the code background', async () => {
    const themes = await loadCodeThemes();
    for (const side of ['light', 'dark'] as const) {
      const theme = themes[side];
      const colours = [
        theme.colors?.['editor.foreground'],
        ...(theme.tokenColors ?? []).map((rule) => rule.settings.foreground),
      ].filter((colour) => colour !== undefined);
      expect(colours.length).toBeGreaterThan(10);
      const unreadable = colours.filter(
        (colour) => contrastRatio(colour, codeBackground[side]) < 4.5,
      );
      expect(unreadable, `${side} colours below 4.5:1`).toEqual([]);
    }
  });

  test('a colour already readable is kept; one that is not keeps its hue, just deeper', () => {
    expect(readableOn('#005cc5', codeBackground.light)).toBe('#005cc5');
    const red = readableOn('#d73a49', codeBackground.light);
    expect(contrastRatio(red, codeBackground.light)).toBeGreaterThanOrEqual(4.5);
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => Number.parseInt(red.slice(at, at + 2), 16));
    expect(r).toBeGreaterThan(g * 2);
    expect(r).toBeGreaterThan(b * 2);
    const comment = readableOn('#6a737d', codeBackground.dark);
    expect(contrastRatio(comment, codeBackground.dark)).toBeGreaterThanOrEqual(4.5);
  });
});
