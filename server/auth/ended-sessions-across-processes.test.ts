import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { type HeldStream, holdStream } from '../testing/held-stream.ts';
import { pushClient } from '../testing/push-client.ts';
import { hasSharedStores } from '../testing/services.ts';
import { signInAgain, signUp } from '../testing/test-accounts.ts';
import { createScratchDatabase } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const services = hasSharedStores();

describe.runIf(services)('two server processes sharing Postgres and Redis', () => {
  const children: ChildServer[] = [];
  const held: HeldStream[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const scratch = await createScratchDatabase(databaseUrl ?? '');
    dropDatabase = scratch.drop;
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl ?? '',
      BETTER_AUTH_SECRET: 'cross-process-secret-cross-process-0123',
      KEY_ENCRYPTION_SECRET: 'cross-process-key-cross-process-key-0123',
    };
    // One after the other: the first applies the migrations.
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-two-'));
      children.push(await startChildServer({ ...env, DATA_DIR: dataDir }));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(held.map((stream) => stream.close()));
    await Promise.all(children.map((child) => killChild(child.process)));
    await dropDatabase?.();
  });

  test('signing out on one process ends the poke stream held on the other before any later change reaches it', async () => {
    const [first, second] = children as [ChildServer, ChildServer];
    const alice = await signUp(first.url, 'Alice');
    const phone = await signInAgain(first.url, alice);
    const change = (title: string) => ({
      id: `conv-${crypto.randomUUID()}`,
      title,
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    // The laptop's group becomes known where its stream is held: it is sent patches there.
    await pushClient(second.url, alice.cookie).mutate('createConversation', change('Before'));
    const phoneWriter = pushClient(first.url, phone);
    await phoneWriter.mutate('createConversation', change('Before, too'));
    const laptopPokes = holdStream(`${second.url}/api/replicache/poke?patches=1`, alice.cookie);
    const phonePokes = holdStream(`${second.url}/api/replicache/poke?patches=1`, phone);
    held.push(laptopPokes, phonePokes);
    await Promise.all([laptopPokes.opened, phonePokes.opened]);

    const signOut = await fetch(`${first.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first.url, cookie: alice.cookie },
      body: '{}',
    });
    expect(signOut.status).toBe(200);
    await phoneWriter.mutate('createConversation', change('Written after signing out'));

    await waitFor(() => phonePokes.events[0], { what: 'the phone to hear the change' });
    expect(laptopPokes.events).toEqual([]);
    await waitFor(() => (laptopPokes.endedByServer() ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the signed-out poke stream to end on the other process',
    });
  }, 60_000);
});
