/** One probe: a request, and what to call it in a failure. */
export type Probe = {
  name: string;
  method: string;
  /** Path and query, as sent (percent-encoding included). */
  path: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
};

/** What a probe was answered: the status, and the body unless it was an event stream. */
export type Answer = { probe: Probe; status: number; text: string };

/**
 * Sends a probe. An event stream is not read (it would stay open): its status is the answer.
 */
export async function send(baseUrl: string, probe: Probe): Promise<Answer> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${probe.path}`, {
    method: probe.method,
    headers: probe.headers ?? {},
    ...(probe.body === undefined ? {} : { body: probe.body }),
    signal: abort.signal,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    abort.abort();
    return { probe, status: response.status, text: '' };
  }
  return { probe, status: response.status, text: await response.text() };
}

/**
 * Sends probes a few at a time (the server sees some concurrency, the machine is not flooded)
 * and returns every answer, in the probes' order.
 */
export async function sendAll(
  baseUrl: string,
  probes: readonly Probe[],
  concurrency = 4,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < probes.length; index = next++) {
      const probe = probes[index];
      if (probe) answers[index] = await send(baseUrl, probe);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

/** The answers that were server faults, named, for an assertion to list. */
export function serverFaults(answers: readonly Answer[]): string[] {
  return answers
    .filter((answer) => answer.status >= 500)
    .map(
      ({ probe, status, text }) => `${status} ${probe.method} ${probe.name}: ${text.slice(0, 200)}`,
    );
}
