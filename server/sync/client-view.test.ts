import { describe, expect, test } from 'vitest';
import { diffClientViews, isEmptyDiff } from './client-view.ts';

describe('diffClientViews', () => {
  test('with no previous record everything is a put', () => {
    const diff = diffClientViews(undefined, { entries: { a: 1, b: 3 }, clients: { c1: 2 } });
    expect(diff).toEqual({ puts: ['a', 'b'], dels: [], lastMutationIDChanges: { c1: 2 } });
  });

  test('changed versions are puts, vanished keys are dels, unchanged keys are neither', () => {
    const diff = diffClientViews(
      { entries: { same: 1, changed: 1, gone: 4 }, clients: {} },
      { entries: { same: 1, changed: 2, added: 1 }, clients: {} },
    );
    expect(diff.puts.sort()).toEqual(['added', 'changed']);
    expect(diff.dels).toEqual(['gone']);
  });

  test('a lower version still counts as a change (versions are compared, never ordered)', () => {
    const diff = diffClientViews(
      { entries: { k: 9 }, clients: {} },
      { entries: { k: 1 }, clients: {} },
    );
    expect(diff.puts).toEqual(['k']);
  });

  test('only clients whose last mutation id moved are reported', () => {
    const diff = diffClientViews(
      { entries: {}, clients: { a: 1, b: 5 } },
      { entries: {}, clients: { a: 1, b: 6, c: 1 } },
    );
    expect(diff.lastMutationIDChanges).toEqual({ b: 6, c: 1 });
  });

  test('identical records make an empty diff', () => {
    const record = { entries: { x: 1 }, clients: { c: 1 } };
    expect(isEmptyDiff(diffClientViews(record, structuredClone(record)))).toBe(true);
    expect(isEmptyDiff(diffClientViews(record, { ...record, clients: { c: 2 } }))).toBe(false);
  });
});
