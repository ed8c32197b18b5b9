/** How much the server writes: each level includes the ones after it; `silent` writes nothing. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** What a line may carry besides its message: numbers, short words, ids. Never what a person wrote. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type Logger = {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

/**
 * A logger writing one JSON object per line (`time`, `level`, `event`, then `fields`), by
 * default to stdout. Lines below `level` are dropped before anything is built.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info('request', { method: 'GET', route: '/api/health', status: 200 });
 */
export function createLogger(options: {
  level: LogLevel;
  write?: ((line: string) => void) | undefined;
}): Logger {
  const threshold = logLevels.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: LogFields = {}): void => {
      if (logLevels.indexOf(level) < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
