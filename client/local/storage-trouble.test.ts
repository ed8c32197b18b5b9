import { expect, test } from 'vitest';
import { isStorageFull, storageTroubleLogSink, watchStorageFull } from './storage-trouble.ts';

test('a quota error in Replicache’s log marks the device full, once; other errors do not', () => {
  let told = 0;
  const stop = watchStorageFull(() => told++);
  storageTroubleLogSink.log('error', undefined, 'Error during persist', new Error('network down'));
  expect(isStorageFull()).toBe(false);
  const quota = new DOMException('', 'QuotaExceededError');
  storageTroubleLogSink.log('error', undefined, 'Error during persist', quota);
  storageTroubleLogSink.log('error', undefined, 'Error during persist', quota);
  expect(isStorageFull()).toBe(true);
  expect(told).toBe(1);
  stop();
});
