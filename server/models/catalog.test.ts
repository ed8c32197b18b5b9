import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ModelCatalog } from '../../shared/model-catalog.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { openDatabase } from '../db/open-database.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { startTestServer } from '../testing/test-server.ts';
import { createModelCatalog } from './catalog.ts';

describe('the model catalog', () => {
  let openRouter: FakeOpenRouter;
  beforeAll(async () => {
    openRouter = await startFakeOpenRouter();
  });
  afterAll(async () => {
    await openRouter?.close();
  });

  test("lists OpenRouter's models after the demo model, with prices per million and modalities", async () => {
    const { models, source } = await createModelCatalog({ baseUrl: openRouter.baseUrl }).get();
    expect(source).toBe('openrouter');
    expect(models[0]?.id).toBe(DEMO_MODEL_ID);
    expect(models.length).toBeGreaterThan(2);
    for (const model of models.slice(1)) {
      expect(model.pricing.promptPerMillion).toBeGreaterThanOrEqual(0);
      expect(model.inputModalities.length).toBeGreaterThan(0);
    }
    expect(models.some((m) => m.inputModalities.includes('image'))).toBe(true);
    expect(models.some((m) => m.outputModalities.includes('image'))).toBe(true);
  });

  test('marks the models that reason on request, as OpenRouter lists their parameters', async () => {
    const { models } = await createModelCatalog({ baseUrl: openRouter.baseUrl }).get();
    const reasoning = (id: string) => models.find((m) => m.id === id)?.reasoning;
    expect(reasoning('anthropic/claude-sonnet-4')).toBe(true);
    expect(reasoning('openai/gpt-4o-mini')).toBe(false);
    expect(reasoning(DEMO_MODEL_ID)).toBeFalsy();
  });

  test('is fetched once an hour, however many ask at once', async () => {
    const before = openRouter.modelRequests();
    const catalog = createModelCatalog({ baseUrl: openRouter.baseUrl });
    await Promise.all([catalog.get(), catalog.get(), catalog.get()]);
    await catalog.get();
    expect(openRouter.modelRequests() - before).toBe(1);
  });

  test('falls back to the built-in list, demo model included, when OpenRouter is unreachable', async () => {
    const { models, source } = await createModelCatalog({
      baseUrl: 'http://127.0.0.1:9/api/v1',
    }).get();
    expect(source).toBe('builtin');
    expect(models[0]?.id).toBe(DEMO_MODEL_ID);
    expect(models.length).toBeGreaterThan(3);
  });

  test('after a failed fetch it answers at once for a while, keeping the last list OpenRouter gave', async () => {
    let reachable = true;
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      if (!reachable) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const catalog = createModelCatalog({ baseUrl: openRouter.baseUrl, ttlMs: 0, fetch: flaky });
    expect((await catalog.get()).source).toBe('openrouter');
    reachable = false;
    expect((await catalog.get()).source).toBe('openrouter');
    await catalog.get();
    await catalog.get();
    expect(calls).toBe(2);

    const unreachable = createModelCatalog({ baseUrl: openRouter.baseUrl, fetch: flaky });
    expect((await unreachable.get()).source).toBe('builtin');
    await unreachable.get();
    expect(calls).toBe(3);
  });

  test('GET /api/models serves it to the picker, with the demo model first', async () => {
    const database = await openDatabase({ dataDir: undefined });
    const server = await startTestServer({
      database,
      env: { OPENROUTER_BASE_URL: openRouter.baseUrl },
    });
    try {
      const response = await fetch(`${server.url}/api/models`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const catalog = ModelCatalog.parse(await response.json());
      expect(catalog.source).toBe('openrouter');
      expect(catalog.models.map((m) => m.id)).toEqual([
        DEMO_MODEL_ID,
        'openai/gpt-4o-mini',
        'anthropic/claude-sonnet-4',
        'google/gemini-2.5-flash-image',
        'qwen/qwen2.5-vl-72b-instruct',
        'meta-llama/llama-3.3-70b-instruct:free',
      ]);
    } finally {
      await server.close();
      await database.close();
    }
  });
});
