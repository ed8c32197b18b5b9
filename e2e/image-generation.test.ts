import { describe, test } from 'vitest';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { imageGenerationJourney } from './model-feature-journeys.ts';

describe.runIf(hasBrowser)('images made by a model', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  test('an image model’s picture shows under its answer, and again after a reload, offline too', () =>
    imageGenerationJourney(app));
});
