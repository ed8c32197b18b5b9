export type SseEvent = { event: string; data: string; id: string | undefined };

/**
 * Reads a server-sent event stream with fetch (Node has no EventSource), calling back per
 * event until the signal aborts or the server ends the stream.
 */
export async function readEvents(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  on: {
    onOpen?: () => void;
    onEvent: (event: SseEvent) => void;
    onComment?: (text: string) => void;
  },
): Promise<number> {
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal,
  });
  if (!response.ok || !response.body) return response.status;
  on.onOpen?.();
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) on.onEvent(event);
      else if (block.startsWith(':')) on.onComment?.(block.slice(1).trim());
      end = buffer.indexOf('\n\n');
    }
  }
  return response.status;
}

function parseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  return data.length > 0 ? { event, data: data.join('\n'), id } : undefined;
}
