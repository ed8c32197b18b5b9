import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { lastUserStorageKey } from '../auth/last-user.ts';
import indexHtml from '../index.html?raw';
import bootScript from '../public/boot.js?raw';
import { Splash } from './splash.tsx';

describe('the start screen painted before any script runs', () => {
  test('is the splash React shows while the app starts, so nothing jumps when it takes over', () => {
    const root = /<div id="root">(.*)<\/div>\s*<script/s.exec(indexHtml)?.[1];
    expect(root).toBe(renderToStaticMarkup(<Splash />));
  });

  test('knows a returning person by the key the app remembers them under', () => {
    expect(bootScript).toContain(`localStorage.getItem('${lastUserStorageKey}')`);
  });
});
