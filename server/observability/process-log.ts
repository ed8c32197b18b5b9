import { createLogger, type Logger, type LogLevel, logLevels } from './log.ts';

// Until the entry sets it: from `LOG_LEVEL` if given, else as the configuration would choose,
// through the console, which Node and Workers both have.
let current: Logger = createLogger({
  level: levelBeforeConfiguration(),
  write: (line) => console.log(line),
});

/**
 * The log of what happens away from any one request: the runner, pub/sub and Redis connections,
 * the database pools, the model catalog, sweeps. These are opened apart from the app, many of
 * them directly by tests and benches, so they write here rather than each taking a logger:
 * where lines go and from which level is the process's own setting, made once by its entry
 * (`setProcessLog`) from the configuration. Servers started side by side in one process (tests)
 * share it: the last one started sets it.
 *
 * @example
 * processLog.warn('runner.sweep_failed', { error: loggableError(error) });
 */
export const processLog: Logger = {
  info: (event, fields) => current.info(event, fields),
  warn: (event, fields) => current.warn(event, fields),
  error: (event, fields) => current.error(event, fields),
};

/**
 * Where `processLog` writes from now on: the entry's logger, built from the configuration.
 * Returns the one it replaces (a test puts it back).
 */
export function setProcessLog(log: Logger): Logger {
  const previous = current;
  current = log;
  return previous;
}

function levelBeforeConfiguration(): LogLevel {
  const { env } = process;
  const given = logLevels.find((level) => level === env.LOG_LEVEL);
  return given ?? (env.NODE_ENV === 'test' ? 'warn' : 'info');
}
