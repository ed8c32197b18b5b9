import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ChunkKind, encodeChunk } from '../../shared/stream-events.ts';
import { getAnswerText, setAnswerText } from './answer-cache.ts';
import { readAhead, readAnswerStream } from './read-answer-stream.ts';

/** Just enough of EventSource: the test plays the server's events. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  /** A chunk event: the text of the chunks after the previous event's id, up to `last`. */
  chunk(last: number, text: string, kind: ChunkKind = 'text') {
    this.dispatchEvent(
      new MessageEvent('chunk', { data: encodeChunk(text, kind), lastEventId: String(last) }),
    );
  }
  final() {
    this.dispatchEvent(new MessageEvent('final', { data: '{"status":"done","error":null}' }));
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }
}

const latest = () => {
  const source = FakeEventSource.opened.at(-1);
  if (!source) throw new Error('no EventSource was opened');
  return source;
};

let runs = 0;
let runId = '';
const read = (handlers: { onEnded?: () => void; onRefused?: () => void } = {}) =>
  readAnswerStream({
    messageId: 'm1',
    runId,
    onEnded: handlers.onEnded ?? (() => {}),
    onRefused: handlers.onRefused ?? (() => {}),
  });

beforeEach(() => {
  runId = `run-${++runs}`;
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('navigator', { onLine: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reading an answer stream', () => {
  test('a run never read starts at offset 0 and assembles its chunks', () => {
    read();
    expect(latest().url).toBe('/api/streams/m1');
    latest().chunk(0, 'Hello');
    latest().chunk(1, ' world');
    expect(getAnswerText(runId)).toEqual({
      text: 'Hello world',
      reasoning: '',
      next: 2,
      ended: false,
    });
  });

  test("a thinking model's reasoning is held apart from the answer, and resumes like it", () => {
    const stop = read();
    latest().chunk(1, 'Weighing ', 'reasoning');
    latest().chunk(2, 'options.', 'reasoning');
    stop();
    read();
    expect(latest().url).toBe('/api/streams/m1?from=3');
    latest().chunk(2, 'options.', 'reasoning');
    latest().chunk(3, 'Lisbon.');
    expect(getAnswerText(runId)).toEqual({
      text: 'Lisbon.',
      reasoning: 'Weighing options.',
      next: 4,
      ended: false,
    });
  });

  test('coming back to a run resumes from the cached offset, and replayed chunks are ignored', () => {
    const stop = read();
    latest().chunk(0, 'one ');
    latest().chunk(1, 'two ');
    stop();
    expect(latest().readyState).toBe(FakeEventSource.CLOSED);

    read();
    expect(latest().url).toBe('/api/streams/m1?from=2');
    latest().chunk(1, 'two ');
    latest().chunk(2, 'three');
    expect(getAnswerText(runId).text).toBe('one two three');
  });

  test('a replay comes as one event, from where the last one ended to its id', () => {
    read();
    latest().chunk(2, 'one two three ');
    latest().chunk(3, 'four');
    expect(getAnswerText(runId)).toEqual({
      text: 'one two three four',
      reasoning: '',
      next: 4,
      ended: false,
    });
  });

  test('an event that cannot be read reopens the stream from the first missing offset', () => {
    read();
    latest().chunk(0, 'a');
    latest().dispatchEvent(new MessageEvent('chunk', { data: 'not JSON', lastEventId: '1' }));
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[0]?.readyState).toBe(FakeEventSource.CLOSED);
    expect(latest().url).toBe('/api/streams/m1?from=1');
    expect(getAnswerText(runId).text).toBe('a');
  });

  test('the final event closes the stream, marks it ended, and is not read again', () => {
    const onEnded = vi.fn();
    read({ onEnded });
    latest().chunk(0, 'all');
    latest().final();
    expect(latest().readyState).toBe(FakeEventSource.CLOSED);
    expect(getAnswerText(runId)).toEqual({ text: 'all', reasoning: '', next: 1, ended: true });
    expect(onEnded).toHaveBeenCalledOnce();

    read();
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  test('a stream the server refuses is reported once and not retried', () => {
    const onRefused = vi.fn();
    read({ onRefused });
    latest().fail(FakeEventSource.CLOSED);
    expect(onRefused).toHaveBeenCalledOnce();
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  test('a dropped connection is left to the browser, which reconnects by itself', () => {
    const onRefused = vi.fn();
    read({ onRefused });
    latest().fail(FakeEventSource.CONNECTING);
    expect(onRefused).not.toHaveBeenCalled();
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  test('offline, it waits for the network and then resumes where it was', () => {
    vi.stubGlobal('navigator', { onLine: false });
    const onRefused = vi.fn();
    read({ onRefused });
    latest().chunk(0, 'x');
    latest().fail(FakeEventSource.CLOSED);
    expect(onRefused).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('online'));
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(latest().url).toBe('/api/streams/m1?from=1');
  });

  test('a fresh run id is fresh text', () => {
    setAnswerText('older-run', { text: 'old', reasoning: '', next: 1, ended: true });
    read();
    expect(latest().url).toBe('/api/streams/m1');
    expect(getAnswerText(runId).text).toBe('');
  });
});

describe('reading ahead, after a reload in mid-answer', () => {
  test('the answer that shows the run takes over the reader started ahead: one stream, its handlers', () => {
    readAhead([{ messageId: 'm1', runId }]);
    expect(latest().url).toBe('/api/streams/m1');
    latest().chunk(0, 'early ');

    const onEnded = vi.fn();
    const stop = read({ onEnded });
    expect(FakeEventSource.opened).toHaveLength(1);
    latest().chunk(1, 'words');
    latest().final();
    expect(getAnswerText(runId)).toEqual({
      text: 'early words',
      reasoning: '',
      next: 2,
      ended: true,
    });
    expect(onEnded).toHaveBeenCalledOnce();
    stop();
  });

  test('a run that ended before anyone showed it has its final row fetched as soon as one does', () => {
    readAhead([{ messageId: 'm1', runId }]);
    latest().chunk(0, 'done');
    latest().final();
    const onEnded = vi.fn();
    read({ onEnded });
    expect(onEnded).toHaveBeenCalledOnce();
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  test('a reader refused before anyone took it over leaves the answer to read for itself', () => {
    readAhead([{ messageId: 'm1', runId }]);
    latest().fail(FakeEventSource.CLOSED);
    const onRefused = vi.fn();
    read({ onRefused });
    expect(FakeEventSource.opened).toHaveLength(2);
    latest().fail(FakeEventSource.CLOSED);
    expect(onRefused).toHaveBeenCalledOnce();
  });

  test('a reader nobody takes over stops after a while, and a later reader starts afresh', () => {
    vi.useFakeTimers();
    try {
      readAhead([{ messageId: 'm1', runId }]);
      const ahead = latest();
      vi.advanceTimersByTime(14_000);
      expect(ahead.readyState).toBe(FakeEventSource.OPEN);
      vi.advanceTimersByTime(2_000);
      expect(ahead.readyState).toBe(FakeEventSource.CLOSED);
      read();
      expect(FakeEventSource.opened).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
