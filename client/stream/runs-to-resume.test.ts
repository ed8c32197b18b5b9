import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage.ts';
import { saveRunsOnLeave, takeRunsToResume } from './runs-to-resume.ts';

let page: EventTarget;
let storage: MemoryStorage;
beforeEach(() => {
  page = new EventTarget();
  storage = new MemoryStorage();
  vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
  vi.stubGlobal('sessionStorage', storage);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const run = { messageId: 'm1', runId: 'r1' };

describe('the runs a tab was reading, for its next load', () => {
  test('are saved as the page leaves, as they are then, and taken by the next load only once', () => {
    let reading = [run];
    saveRunsOnLeave(() => reading);
    reading = [run, { messageId: 'm2', runId: 'r2' }];
    page.dispatchEvent(new Event('beforeunload'));
    expect(takeRunsToResume()).toEqual([run, { messageId: 'm2', runId: 'r2' }]);
    expect(takeRunsToResume()).toEqual([]);
  });

  test('connections cut by the reload before pagehide do not shorten what beforeunload saved', () => {
    const other = { messageId: 'm2', runId: 'r2' };
    let reading = [run, other];
    saveRunsOnLeave(() => reading);
    page.dispatchEvent(new Event('beforeunload'));
    reading = [other];
    page.dispatchEvent(new Event('pagehide'));
    expect(takeRunsToResume()).toEqual([run, other]);
  });

  test('a way out without beforeunload still saves at pagehide', () => {
    saveRunsOnLeave(() => [run]);
    page.dispatchEvent(new Event('pagehide'));
    expect(takeRunsToResume()).toEqual([run]);
  });

  test('nothing being read when the page leaves clears an older save', () => {
    storage.setItem('parley.runs-being-read', JSON.stringify([run]));
    saveRunsOnLeave(() => []);
    page.dispatchEvent(new Event('beforeunload'));
    expect(takeRunsToResume()).toEqual([]);
  });

  test('a saved value that is not a list of runs is ignored', () => {
    const tooMany = JSON.stringify(
      Array.from({ length: 21 }, () => ({ messageId: 'm', runId: 'r' })),
    );
    const tooLong = JSON.stringify([{ messageId: 'm'.repeat(201), runId: 'r' }]);
    for (const saved of [
      'not json',
      '{"messageId":"m1"}',
      '[{"messageId":1,"runId":"r"}]',
      tooMany,
      tooLong,
    ]) {
      storage.setItem('parley.runs-being-read', saved);
      expect(takeRunsToResume()).toEqual([]);
    }
  });
});
