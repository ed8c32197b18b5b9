import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { pngBytes, textPdfBytes } from '../testing/attachment-files.ts';
import type { RecordedPart } from '../testing/fake-openrouter.ts';
import { fakeModels } from '../testing/fake-openrouter-models.ts';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';

const visionModel = 'qwen/qwen2.5-vl-72b-instruct';
const fileModel = 'openai/gpt-4o-mini';
const textModel = 'meta-llama/llama-3.3-70b-instruct:free';
// A text-only model with a small window: about 8,600 characters of prompt.
const smallModel = 'openai/gpt-3.5-turbo-instruct';
const smallModelEntry = {
  id: smallModel,
  name: 'OpenAI: GPT-3.5 Turbo Instruct',
  context_length: 4095,
  architecture: { input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'GPT' },
  pricing: { prompt: '0.0000015', completion: '0.000002' },
};
const report = textPdfBytes([['Quarterly report', 'Revenue grew by 12 percent.'], ['Page two']]);

// The real runner and OpenRouter provider, talking to a fake OpenRouter that records requests.
describe.each(databaseTargets())('attachments sent to the model on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target, {
    fake: { models: [...fakeModels, smallModelEntry] },
  });
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      signUp(suite.server.url, 'Alice'),
      signUp(suite.server.url, 'Bob'),
    ]);
  });

  /** Uploads `bytes` as `who`'s attachment `name`; its id. */
  async function upload(who: TestAccount, name: string, bytes: Uint8Array, query = '') {
    const id = `att-${randomUUID()}`;
    const response = await fetch(
      `${suite.server.url}/api/attachments/${id}?name=${encodeURIComponent(name)}${query}`,
      {
        method: 'PUT',
        headers: {
          cookie: who.cookie,
          origin: suite.server.url,
          'content-type': 'application/octet-stream',
        },
        body: bytes,
      },
    );
    expect(response.status).toBe(201);
    return id;
  }

  /** Asks `model` with the attachments; the answer's row once ended and the requests it made. */
  async function ask(who: TestAccount, model: string, text: string, attachmentIds: string[]) {
    const before = suite.openRouter.requests.length;
    const sent = await pushClient(suite.server.url, who.cookie).ask(text, model, { attachmentIds });
    const answer = await settledAnswer(suite.database.db, sent.answerId);
    const requests = suite.openRouter.requests.slice(before).filter((request) => request.stream);
    return { ...sent, answer, requests };
  }

  /** The parts of the last message of a request: the person's message just sent. */
  const lastParts = (request: { parts: { parts: RecordedPart[] }[] } | undefined) =>
    request?.parts.at(-1)?.parts ?? [];

  test('an image reaches a vision model as an image part with its bytes', async () => {
    const image = pngBytes(4096);
    const id = await upload(alice, 'cat.png', image);
    const { answer, requests } = await ask(alice, visionModel, 'What is this?', [id]);
    expect(answer.status).toBe('done');
    expect(requests).toHaveLength(1);
    expect(lastParts(requests[0])).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', url: `data:image/png;base64,${image.toString('base64')}` },
    ]);
  });

  test('a PDF reaches a model that reads files as a file part', async () => {
    const id = await upload(alice, 'report.pdf', report);
    const { answer, requests } = await ask(alice, fileModel, 'Summarise it', [id]);
    expect(answer.status).toBe('done');
    expect(lastParts(requests[0])).toEqual([
      { type: 'text', text: 'Summarise it' },
      {
        type: 'file',
        filename: 'report.pdf',
        data: `data:application/pdf;base64,${report.toString('base64')}`,
      },
    ]);
  });

  test('the same PDF reaches a text-only model as its text, read out on the server', async () => {
    const id = await upload(alice, 'report.pdf', report);
    const { answer, requests } = await ask(alice, textModel, 'Summarise it', [id]);
    expect(answer.status).toBe('done');
    const parts = lastParts(requests[0]);
    expect(parts.map((part) => part.type)).toEqual(['text', 'text']);
    const [, pdf] = parts;
    expect(pdf?.type === 'text' && pdf.text).toContain('Revenue grew by 12 percent.');
    expect(pdf?.type === 'text' && pdf.text).toContain('Page two');
    expect(pdf?.type === 'text' && pdf.text).toContain('report.pdf');
  });

  test('a PDF’s text counts towards the model’s window: one too long for it is refused unsent', async () => {
    const line = 'The committee reviewed every figure in the appendix twice. ';
    const long = textPdfBytes(
      Array.from({ length: 4 }, () => Array.from({ length: 50 }, () => line)),
    );
    const id = await upload(alice, 'minutes.pdf', long);
    const { answer, requests } = await ask(alice, smallModel, 'Summarise', [id]);
    expect(answer.status).toBe('error');
    expect(answer.error).toContain('too long for this model');
    expect(requests).toHaveLength(0);
  });

  test('a text-only model asked about an image is refused, saying why, and nothing is sent', async () => {
    const id = await upload(alice, 'chart.png', pngBytes());
    const { answer, requests } = await ask(alice, textModel, 'Read the chart', [id]);
    expect(answer.status).toBe('error');
    expect(answer.error).toContain('cannot see images');
    expect(answer.error).toContain('chart.png');
    expect(requests).toHaveLength(0);
  });

  test('an earlier image stays in the conversation for the next answer', async () => {
    const image = pngBytes(256);
    const id = await upload(alice, 'earlier.png', image);
    const client = pushClient(suite.server.url, alice.cookie);
    const first = await client.ask('Look', visionModel, { attachmentIds: [id] });
    await settledAnswer(suite.database.db, first.answerId);
    const before = suite.openRouter.requests.length;
    const { answerId } = await client.reply(first.conversationId, 'And now?', visionModel);
    await settledAnswer(suite.database.db, answerId);
    const [request] = suite.openRouter.requests.slice(before).filter((request) => request.stream);
    const user = request?.parts.filter((message) => message.role === 'user') ?? [];
    expect(user.map((message) => message.parts.map((part) => part.type))).toEqual([
      ['text', 'image'],
      ['text'],
    ]);
  });

  test('a switch to a text-only model names an earlier image instead of refusing', async () => {
    const id = await upload(alice, 'whiteboard.png', pngBytes(128));
    const client = pushClient(suite.server.url, alice.cookie);
    const first = await client.ask('Look', visionModel, { attachmentIds: [id] });
    await settledAnswer(suite.database.db, first.answerId);
    const before = suite.openRouter.requests.length;
    const { answerId } = await client.reply(first.conversationId, 'Write it up', textModel);
    expect(await settledAnswer(suite.database.db, answerId)).toMatchObject({ status: 'done' });
    const [request] = suite.openRouter.requests.slice(before).filter((request) => request.stream);
    const [earlier] = request?.parts.filter((message) => message.role === 'user') ?? [];
    expect(earlier?.parts).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'text', text: '[whiteboard.png: an image not shown to this model]' },
    ]);
  });

  test('another person’s attachment never reaches a request', async () => {
    const bobs = pngBytes(512);
    const named = await upload(bob, 'secret.png', bobs);
    // Alice names Bob's file when sending.
    const named1 = await ask(alice, visionModel, 'Describe', [named]);
    expect(lastParts(named1.requests[0])).toEqual([{ type: 'text', text: 'Describe' }]);
    // Bob uploads naming Alice's message as the one it is for.
    const sent = await ask(alice, visionModel, 'Again', []);
    await upload(bob, 'sneaky.png', bobs, `&messageId=${sent.userMessageId}`);
    const before = suite.openRouter.requests.length;
    const { answerId } = await pushClient(suite.server.url, alice.cookie).reply(
      sent.conversationId,
      'More',
      visionModel,
    );
    await settledAnswer(suite.database.db, answerId);
    const everything = JSON.stringify(suite.openRouter.requests.slice(before));
    expect(everything).not.toContain(bobs.toString('base64'));
    expect(everything).not.toContain('image_url');
  });

  test('the demo model echoes the message and names what is attached', async () => {
    const id = await upload(alice, 'holiday.png', pngBytes());
    const { answer, requests } = await ask(alice, DEMO_MODEL_ID, 'Look at this', [id]);
    expect(answer).toMatchObject({
      status: 'done',
      content: 'Look at this\n\n[Attached: holiday.png]',
    });
    expect(requests).toHaveLength(0);
  });
});
