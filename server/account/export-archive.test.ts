import { afterAll, beforeAll, expect, test } from 'vitest';
import { user } from '../db/auth-schema.ts';
import { conversation } from '../db/chat-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { readZip } from '../testing/read-zip.ts';
import { seedConversations } from '../testing/seed-rows.ts';
import { exportArchive } from './export-archive.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openDatabase({ dataDir: undefined });
  await database.db.insert(user).values({ id: 'big', name: 'Big', email: 'big@example.test' });
});
afterAll(async () => {
  await database?.close();
});

test('the archive is read from the database as it is written, not gathered first', async () => {
  const seeds = Array.from({ length: 120 }, (_, i) => ({
    id: `c-${String(i).padStart(4, '0')}`,
    title: `Conversation ${i}`,
    count: 4,
    updatedAt: Date.UTC(2026, 11, 1) + i * 60_000,
  }));
  await seedConversations(database.db, 'big', seeds);
  const archive = exportArchive(database.db, { get: async () => undefined }, 'big');
  const parts: Uint8Array[] = [];
  // The profile, then the first conversation's two files: the rest is not read yet.
  for (let i = 0; i < 3; i++) {
    const next = await archive.next();
    if (next.done) throw new Error('the archive ended early');
    parts.push(next.value);
  }
  const now = new Date();
  await database.db.insert(conversation).values({
    id: 'c-zzzz',
    userId: 'big',
    title: 'Started during the export',
    model: 'parley/demo',
    createdAt: now,
    updatedAt: now,
  });
  for await (const part of archive) parts.push(part);

  const files = readZip(Buffer.concat(parts));
  const markdown = files.filter((f) => f.name.endsWith('.md'));
  expect(markdown).toHaveLength(121);
  expect(markdown.at(-1)?.text).toMatch(/^# Started during the export\n/);
  expect(markdown[0]?.text).toContain('## You\n\nMessage 0');
});
