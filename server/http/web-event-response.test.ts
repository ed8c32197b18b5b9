import { describe, expect, test } from 'vitest';
import { WebEventResponse } from './web-event-response.ts';

const decoder = new TextDecoder();

async function readAll(response: Response): Promise<string> {
  return decoder.decode(await response.arrayBuffer());
}

describe('event streams on web streams (Workers)', () => {
  test('what is written arrives in order after the opening, and ending closes the stream', async () => {
    const stream = new WebEventResponse(': connected\n\n');
    const closed: string[] = [];
    stream.on('close', () => closed.push('close'));
    const response = stream.toResponse();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    stream.write('event: poke\ndata: poke\n\n');
    stream.write('event: poke\ndata: poke\n\n');
    stream.end();
    expect(await readAll(response)).toBe(
      ': connected\n\nevent: poke\ndata: poke\n\nevent: poke\ndata: poke\n\n',
    );
    expect(closed).toEqual(['close']);
    expect(stream.writableEnded).toBe(true);
    expect(stream.write('late')).toBe(false);
  });

  test('a reader that goes away closes the stream, and nothing more is written', async () => {
    const stream = new WebEventResponse();
    let closes = 0;
    stream.once('close', () => closes++);
    const reader = stream.toResponse().body?.getReader();
    await reader?.cancel();
    expect(closes).toBe(1);
    expect(stream.destroyed).toBe(true);
    expect(stream.write('event: poke\ndata: poke\n\n')).toBe(false);
  });

  test('a reader that does not read holds writes back until it has read', async () => {
    const stream = new WebEventResponse();
    const reader = stream.toResponse().body?.getReader();
    const event = `data: ${'x'.repeat(1_000)}\n\n`;
    let accepted = 0;
    while (stream.write(event)) accepted++;
    expect(accepted).toBeLessThan(20);
    expect(stream.writableNeedDrain).toBe(true);
    const drained = new Promise<void>((resolve) => stream.once('drain', resolve));
    let read = 0;
    while (stream.writableNeedDrain) {
      await reader?.read();
      read++;
    }
    await drained;
    // Everything queued read: there is room again.
    for (; read < accepted + 1; read++) await reader?.read();
    expect(stream.write(event)).toBe(true);
  });
});
