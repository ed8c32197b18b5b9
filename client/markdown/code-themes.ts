import type { ThemeRegistration } from 'shiki/core';
import { readableOn } from './readable-colour.ts';

/**
 * The code block's background in each of the app's themes: `--bg-subtle` in styles.css (the
 * browser journeys' accessibility check measures the painted colours, so a drift shows there).
 */
export const codeBackground = { light: '#f6f6f8', dark: '#1e1e25' } as const;

export type CodeThemes = { light: ThemeRegistration; dark: ThemeRegistration };

/**
 * GitHub's light and dark code themes, with every colour that falls short of 4.5:1 on the code
 * block's background (the light theme's red, orange and green, the dark theme's comments)
 * deepened or lightened until it reaches it. Tokens' own backgrounds (diff lines) are not
 * drawn, so their colours are judged on the code background too.
 */
export async function loadCodeThemes(): Promise<CodeThemes> {
  const [light, dark] = await Promise.all([
    import('shiki/themes/github-light.mjs'),
    import('shiki/themes/github-dark.mjs'),
  ]);
  return {
    light: readableTheme(light.default, 'parley-light', codeBackground.light),
    dark: readableTheme(dark.default, 'parley-dark', codeBackground.dark),
  };
}

function readableTheme(
  theme: ThemeRegistration,
  name: string,
  background: string,
): ThemeRegistration {
  const foreground = theme.colors?.['editor.foreground'];
  return {
    ...theme,
    name,
    colors: {
      ...theme.colors,
      ...(foreground ? { 'editor.foreground': readableOn(foreground, background) } : {}),
    },
    tokenColors: (theme.tokenColors ?? []).map((rule) =>
      rule.settings.foreground
        ? {
            ...rule,
            settings: {
              ...rule.settings,
              foreground: readableOn(rule.settings.foreground, background),
            },
          }
        : rule,
    ),
  };
}
