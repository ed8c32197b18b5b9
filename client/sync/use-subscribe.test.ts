import { Replicache } from 'replicache';
import { afterEach, describe, expect, test } from 'vitest';
import { subscribeWhileOpen } from './use-subscribe.ts';

const open: Replicache[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((rep) => rep.close()));
});

function localReplicache() {
  const rep = new Replicache({
    name: `subscribe-${open.length}-${Date.now()}`,
    kvStore: 'mem',
    pullInterval: null,
    logLevel: 'error',
  });
  open.push(rep);
  return rep;
}

describe('a subscription of the app', () => {
  test('closed before its first result never hears it, while one opened beside it does', async () => {
    const rep = localReplicache();
    const heard: string[] = [];
    // Typing "ab" fast: the subscription for "a" closes as the one for "ab" opens.
    const closeA = subscribeWhileOpen(
      rep,
      async () => 'a',
      (value) => heard.push(value),
    );
    closeA();
    let closeAb = () => {};
    const current = new Promise<void>((resolve) => {
      closeAb = subscribeWhileOpen(
        rep,
        async () => 'ab',
        (value) => {
          heard.push(value);
          resolve();
        },
      );
    });
    await current;
    closeAb();
    // Both first runs are one batch in Replicache: once "ab" is heard, "a" would have been.
    expect(heard).toEqual(['ab']);
  });
});
