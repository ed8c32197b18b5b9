import { describe, test } from 'vitest';
import {
  anotherPersonSeesNothing,
  queueOffline,
  readOffline,
  secondDeviceMidAnswer,
  stopOnBothDevices,
} from './app-journeys.ts';
import { queuedWithFilesOffline } from './attachment-journeys.ts';
import {
  imageGenerationJourney,
  reasoningJourney,
  webSearchJourney,
} from './model-feature-journeys.ts';
import { shareDialogAndSharedLinks, shareLink } from './sharing-journeys.ts';
import { canRunWorker, useWorkerInBrowser } from './worker-in-browser.ts';

// The journeys Node's suites walk (streams, offline, foundation, sharing, attachments and the
// models' features), walked on the Worker. The default model is the demo one; the operator's
// key lets the journeys that pick an OpenRouter model be answered by the fake.
describe.runIf(canRunWorker)('Parley on Workers (wrangler dev): the Node journeys', () => {
  const app = useWorkerInBrowser({ DEMO_WORDS_PER_SECOND: '20', OPENROUTER_API_KEY: 'sk-or-test' });

  test(
    'a second browser that opens the conversation mid-answer sees the live tail',
    () => secondDeviceMidAnswer(app),
    60_000,
  );

  test('Stop on one device stops the answer on both', () => stopOnBothDevices(app), 60_000);

  test(
    'a synced conversation opens and reads with no network, and the page says Offline',
    () => readOffline(app),
    60_000,
  );

  test(
    'messages sent offline wait as queued, then are each answered once and reach another device',
    () => queueOffline(app),
    90_000,
  );

  test(
    'another person sees none of the first one’s chats, and 404 for their conversation and file',
    () => anotherPersonSeesNothing(app),
    60_000,
  );

  test(
    'Anyone with the link reads the chat, someone signed in continues it, and a stopped or unknown link opens nothing',
    () => shareLink(app),
    60_000,
  );

  test(
    'Share makes a link to change and copy; Settings lists it, offline too, and stops it',
    () => shareDialogAndSharedLinks(app),
    90_000,
  );

  test(
    'sent offline, a message with files waits as queued through a reload, then is answered once with its files',
    () => queuedWithFilesOffline(app, app.worker.database.db),
    90_000,
  );

  test(
    'reasoning streams into a folded "Reasoning", resumes after a reload, and keeps its duration',
    () => reasoningJourney(app),
    60_000,
  );

  test(
    'an answer that searched the web lists its sources, marks them in the text, and keeps them',
    () => webSearchJourney(app),
    60_000,
  );

  test(
    'an image model’s picture shows under its answer, and again after a reload, offline too',
    () => imageGenerationJourney(app),
    60_000,
  );
});
