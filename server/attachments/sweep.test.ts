import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { pngBytes } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { openFileStorage } from './file-storage.ts';
import type { AttachmentStorage } from './storage.ts';
import { createAttachmentSweeper } from './sweep.ts';

const hourMs = 60 * 60 * 1000;

describe.each(databaseTargets())('uploads no message claimed, on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let storage: AttachmentStorage;
  let alice: TestAccount;

  beforeAll(async () => {
    storage = await openFileStorage(mkdtempSync(join(tmpdir(), 'parley-sweep-')));
    database = await target.open();
    server = await startTestServer({ database, attachments: storage });
    alice = await signUp(server.url, 'Alice');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  async function upload(name: string) {
    const id = `att-${randomUUID()}`;
    const response = await fetch(`${server.url}/api/attachments/${id}?name=${name}`, {
      method: 'PUT',
      headers: {
        cookie: alice.cookie,
        origin: server.url,
        'content-type': 'application/octet-stream',
      },
      body: pngBytes(),
    });
    expect(response.status).toBe(201);
    return id;
  }
  const fetched = (id: string) =>
    fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: alice.cookie } });
  /** A sweep as the server runs it, on a clock `aheadMs` past now. */
  const sweepAt = async (aheadMs: number) => {
    const sweeper = createAttachmentSweeper(database.db, storage, {
      now: () => Date.now() + aheadMs,
    });
    await sweeper.sweep();
    await sweeper.close();
  };

  test('an upload no message claims is deleted with its bytes once a day old, and a sent one stays', async () => {
    const left = await upload('left.png');
    const sent = await upload('sent.png');
    const client = pushClient(server.url, alice.cookie);
    await client.ask('With a picture', undefined, { attachmentIds: [sent] });
    const stored = (
      await database.db.query.attachment.findFirst({
        where: (row, { eq }) => eq(row.id, left),
      })
    )?.storageKey;
    expect(stored).toBeDefined();

    await sweepAt(23 * hourMs);
    expect((await fetched(left)).status).toBe(200);

    await sweepAt(25 * hourMs);
    expect((await fetched(left)).status).toBe(404);
    expect(await storage.get(stored as string)).toBeUndefined();
    expect((await client.attachments()).map((row) => row.id)).toEqual([sent]);
    expect((await fetched(sent)).status).toBe(200);
  });
});
