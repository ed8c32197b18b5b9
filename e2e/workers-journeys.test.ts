import { describe, test } from 'vitest';
import {
  anotherPersonSeesNothing,
  queueOffline,
  readOffline,
  secondDeviceMidAnswer,
  shareLink,
  stopOnBothDevices,
} from './app-journeys.ts';
import { canRunWorker, useWorkerInBrowser } from './worker-in-browser.ts';

// The journeys Node's suites walk (streams, offline, foundation, sharing), walked on the Worker.
describe.runIf(canRunWorker)('Parley on Workers (wrangler dev): the Node journeys', () => {
  const app = useWorkerInBrowser({ DEMO_WORDS_PER_SECOND: '20' });

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
});
