import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Attachment, Attachment as AttachmentSchema } from '../../shared/entities.ts';
import { attachmentPrefix } from '../../shared/keys.ts';
import { limits } from '../../shared/limits.ts';
import { accountRequests } from '../testing/account-requests.ts';
import { pdfBytes, pngBytes } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { readZip } from '../testing/read-zip.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { openSyncClient, type SyncClient } from '../testing/sync-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const imageModel = 'google/gemini-2.5-flash-image';
const textModel = 'openai/gpt-4o-mini';
const dataUrl = (bytes: Uint8Array, type = 'image/png') =>
  `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
// A JPEG's first bytes, then noise: a JPEG to the server's eyes.
const jpegBytes = (bytes: number) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), pngBytes(bytes)]);

// The real OpenRouter provider, talking to a fake OpenRouter that streams an image model.
describe.each(databaseTargets())('images made by a model on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target, {
    // Small, so one account can fill it; the images below weigh a few kilobytes.
    env: { ATTACHMENT_QUOTA_MB: '1' },
  });
  let alice: TestAccount;
  let bob: TestAccount;
  let device: SyncClient;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      signUp(suite.server.url, 'Alice'),
      signUp(suite.server.url, 'Bob'),
    ]);
    device = openSyncClient(suite.server.url, alice.cookie);
    await device.listening;
  });
  afterAll(async () => {
    await device?.close();
  });

  const get = (who: TestAccount, id: string) =>
    fetch(`${suite.server.url}/api/attachments/${id}`, { headers: { cookie: who.cookie } });
  /** The attachments of `answerId` the other device holds now. */
  const deviceImages = async (answerId: string) => {
    const all = await device.rep.query((tx) =>
      tx.scan({ prefix: attachmentPrefix }).values().toArray(),
    );
    return all
      .map((value) => AttachmentSchema.parse(value))
      .filter((row) => row.messageId === answerId);
  };
  /** The attachments of `answerId` the other device holds, once there are `count`. */
  const onDevice = (answerId: string, count: number) =>
    waitFor(
      async () => {
        const found = await deviceImages(answerId);
        return found.length === count ? found : undefined;
      },
      { what: `${count} images of ${answerId} on the other device` },
    );
  const byName = (rows: Attachment[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));

  test('only a model that makes images is asked for them', async () => {
    const client = pushClient(suite.server.url, alice.cookie);
    const asked = async (model: string) => {
      const before = suite.openRouter.requests.length;
      const { answerId } = await client.ask('Draw a cat', model);
      await settledAnswer(suite.database.db, answerId);
      return suite.openRouter.requests.slice(before).find((request) => request.stream);
    };
    expect((await asked(imageModel))?.modalities).toEqual(['image', 'text']);
    expect((await asked(textModel))?.modalities).toBeUndefined();
  });

  test('images become attachments of the answer, served to their owner alone, and reach the other device', async () => {
    const first = pngBytes(3_000);
    const second = jpegBytes(2_000);
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Here ', 'are ', 'two ', 'cats.'],
      images: [dataUrl(first), dataUrl(second, 'image/jpeg')],
    });
    const { answerId } = await pushClient(suite.server.url, alice.cookie).ask(
      'Draw cats',
      imageModel,
    );
    const row = await settledAnswer(suite.database.db, answerId);
    // The text is the text alone: no image travels in it.
    expect(row).toMatchObject({ status: 'done', content: 'Here are two cats.' });

    const [png, jpeg] = byName(await onDevice(answerId, 2));
    expect(png).toMatchObject({ name: 'image-1.png', mediaType: 'image/png', size: first.length });
    expect(jpeg).toMatchObject({
      name: 'image-2.jpg',
      mediaType: 'image/jpeg',
      size: second.length,
    });
    expect(png?.source).toBe('generated');

    const served = await get(alice, png?.id ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(first)).toBe(true);
    const servedJpeg = await get(alice, jpeg?.id ?? '');
    expect(Buffer.from(await servedJpeg.arrayBuffer()).equals(second)).toBe(true);
    // Someone else's image is as good as missing.
    expect((await get(bob, png?.id ?? '')).status).toBe(404);
    // A fresh pull of a device that never saw them has them too.
    const pulled = await pushClient(suite.server.url, alice.cookie).attachments();
    expect(pulled.filter((a) => a.messageId === answerId)).toHaveLength(2);
  });

  test('an image reaches the other device while the answer is still being written', async () => {
    const picture = pngBytes(1_000);
    suite.openRouter.script({ kind: 'hang', chunks: ['Drawing…'], images: [dataUrl(picture)] });
    const client = pushClient(suite.server.url, alice.cookie);
    const { conversationId, answerId } = await client.ask('Draw slowly', imageModel);
    const [image] = await onDevice(answerId, 1);
    expect(image).toMatchObject({ name: 'image-1.png', size: picture.length });

    await client.mutate('stopAnswer', { conversationId, messageId: answerId });
    // Stopped part-way, the answer keeps the image it had.
    expect(await settledAnswer(suite.database.db, answerId)).toMatchObject({ status: 'stopped' });
    expect((await get(alice, image?.id ?? '')).status).toBe(200);
  });

  test('an oversized or non-image payload is refused, the person is told, and the answer goes on', async () => {
    const kept = pngBytes(500);
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Three ', 'tries.'],
      images: [
        dataUrl(pngBytes(limits.imageBytes)),
        dataUrl(pdfBytes(1), 'image/png'),
        dataUrl(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'),
        dataUrl(kept),
      ],
    });
    const { answerId } = await pushClient(suite.server.url, alice.cookie).ask('Try', imageModel);
    const row = await settledAnswer(suite.database.db, answerId);
    expect(row?.status).toBe('done');
    expect(row?.content).toContain('Three tries.');
    expect(row?.content).toContain('larger than 20 MB');
    expect(row?.content).toContain('in a format Parley does not keep');
    // Only the real image is kept, numbered as the first.
    const [image] = await onDevice(answerId, 1);
    expect(image).toMatchObject({ name: 'image-1.png', size: kept.length });
  }, 60_000);

  test('an answer keeps at most ten images, and says the rest were left out', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Many.'],
      images: Array.from({ length: 12 }, () => dataUrl(pngBytes(100))),
    });
    const { answerId } = await pushClient(suite.server.url, alice.cookie).ask('Many', imageModel);
    const row = await settledAnswer(suite.database.db, answerId);
    expect(row?.content).toBe('Many.\n\n*Only the first 10 images of an answer are kept.*\n\n');
    const images = await onDevice(answerId, 10);
    expect(images.map((image) => image.name).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `image-${i + 1}.png`).sort(),
    );
  });

  test('images count against the attachment quota: one past it is not kept', async () => {
    const carol = await signUp(suite.server.url, 'Carol');
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Big ', 'ones.'],
      images: [dataUrl(pngBytes(700_000)), dataUrl(pngBytes(700_000))],
    });
    const client = pushClient(suite.server.url, carol.cookie);
    const { answerId } = await client.ask('Two big ones', imageModel);
    const row = await settledAnswer(suite.database.db, answerId);
    expect(row?.content).toContain('your attachments would take more than your 1 MB');
    const images = (await client.attachments()).filter((a) => a.messageId === answerId);
    expect(images).toHaveLength(1);
  });

  test('a retried answer makes its own images, and the last ones go', async () => {
    suite.openRouter.script(
      { kind: 'text', chunks: ['One.'], images: [dataUrl(pngBytes(400))] },
      { kind: 'text', chunks: ['Two.'], images: [dataUrl(pngBytes(600))] },
    );
    const client = pushClient(suite.server.url, alice.cookie);
    const { conversationId, answerId } = await client.ask('Draw', imageModel);
    const [before] = await onDevice(answerId, 1);
    await settledAnswer(suite.database.db, answerId);
    await client.mutate('retryAnswer', { conversationId, messageId: answerId });
    const after = await waitFor(
      async () => {
        const images = await deviceImages(answerId);
        return images.length === 1 && images[0]?.id !== before?.id ? images[0] : undefined;
      },
      { what: 'the retried answer’s image' },
    );
    expect(after).toMatchObject({ name: 'image-1.png', size: 608 });
    expect((await get(alice, before?.id ?? '')).status).toBe(404);
  });

  test('the account export holds the images of each answer, linked from its Markdown', async () => {
    const dave = await signUp(suite.server.url, 'Dave');
    const image = pngBytes(800);
    suite.openRouter.script({ kind: 'text', chunks: ['A dog.'], images: [dataUrl(image)] });
    const { answerId } = await pushClient(suite.server.url, dave.cookie).ask(
      'Draw a dog',
      imageModel,
    );
    await settledAnswer(suite.database.db, answerId);

    const response = await accountRequests(suite.server.url, dave.cookie).exportData();
    const files = readZip(Buffer.from(await response.arrayBuffer()));
    const conversation = files.find(
      (file) => file.name.startsWith('conversations/') && file.name.endsWith('.json'),
    );
    const markdown = files.find((file) => file.name.endsWith('.md'));
    const exported = JSON.parse(conversation?.text ?? '{}') as {
      messages: { id: string; attachments: { id: string; file: string }[] }[];
    };
    const answer = exported.messages.find((m) => m.id === answerId);
    const attachmentId = answer?.attachments[0]?.id ?? '';
    expect(answer?.attachments).toEqual([
      {
        id: expect.any(String),
        name: 'image-1.png',
        mediaType: 'image/png',
        size: 808,
        source: 'generated',
        createdAt: expect.any(String),
        file: expect.stringMatching(/^conversations\/.+ files\/.+ image-1\.png$/),
      },
    ]);
    const path = answer?.attachments[0]?.file ?? '';
    // The same bytes the answer showed, beside the conversation, and linked from its Markdown.
    const stored = await fetch(`${suite.server.url}/api/attachments/${attachmentId}`, {
      headers: { cookie: dave.cookie },
    });
    const shown = Buffer.from(await stored.arrayBuffer());
    expect(files.find((file) => file.name === path)?.bytes.equals(shown)).toBe(true);
    expect(markdown?.text).toContain(
      `A dog.\n\n*Images made: [image-1.png](<${path.slice('conversations/'.length)}>)*`,
    );
  });
});
