/**
 * Raised when the server cannot start because a service it was pointed at is out of reach. Its
 * message is one line for the operator: the variable, the address, the reason.
 */
export class StartUpError extends Error {
  override name = 'StartUpError';
}

/**
 * Opens a service named by an environment variable, turning a failure into a `StartUpError`
 * that names the variable and the address without credentials.
 * @example await reach('REDIS_URL', url, () => openPubSub(url))
 */
export async function reach<T>(variable: string, url: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const reason = redact(reasonOf(error), url);
    throw new StartUpError(`${variable}: cannot use ${safeAddress(url)} (${reason})`);
  }
}

/** The URL without its user name and password: safe to print. */
export function safeAddress(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unreadable URL)';
  }
}

/**
 * One line saying why: the innermost cause (drivers and query builders wrap the socket's
 * error), its message or else its code.
 */
function reasonOf(error: unknown): string {
  let innermost = error;
  for (let depth = 0; depth < 5; depth++) {
    // Node reports a refused connection to a name with several addresses as an AggregateError.
    const next =
      innermost instanceof AggregateError && innermost.errors.length > 0
        ? innermost.errors[0]
        : innermost instanceof Error
          ? innermost.cause
          : undefined;
    if (next === undefined || next === null) break;
    innermost = next;
  }
  if (innermost instanceof Error && innermost.message.trim() !== '') {
    return innermost.message.trim().split('\n')[0] ?? '';
  }
  const code =
    typeof innermost === 'object' && innermost !== null && 'code' in innermost
      ? String(innermost.code)
      : undefined;
  return code ?? 'unknown error';
}

/** A driver's message may repeat the URL or its password: never print either. */
function redact(text: string, url: string): string {
  let safe = text.split(url).join(safeAddress(url));
  try {
    const { password } = new URL(url);
    for (const secret of [password, decodeURIComponent(password)]) {
      if (secret.length > 0) safe = safe.split(secret).join('***');
    }
  } catch {
    // Not a URL: nothing more to hide.
  }
  return safe;
}
