import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { loggableError } from './loggable-error.ts';

describe.each(databaseTargets())('logging an unexpected error ($name)', (target) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  test('a database error is logged by its code, never with the value a person wrote', async () => {
    const written = 'my private words';
    const error = await database.db.execute(sql`select ${written}::int`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeDefined();
    const logged = loggableError(error);
    expect(logged).toContain('22P02');
    expect(logged).not.toContain(written);
  });
});

test('a query on a closed database is logged by why it failed, without its parameters', async () => {
  const database = await openDatabase({ dataDir: undefined });
  await database.close();
  const written = 'my private words';
  const error = await database.db.execute(sql`select ${written}`).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const logged = loggableError(error);
  expect(logged).toMatch(/^database query failed: /);
  expect(logged).not.toContain(written);
});

test('any other error keeps its message and where it came from', () => {
  const logged = loggableError(new TypeError('cannot read the thing'));
  expect(logged).toMatch(/^TypeError: cannot read the thing\n {4}at /);
});
