import { DrizzleQueryError } from 'drizzle-orm';
import { postgresConstraint, postgresErrorCode } from '../db/transact.ts';

/**
 * What of an unexpected error may go into the log. A database error's message quotes the
 * statement's parameters, and often the offending value (`invalid input syntax: "…"`), which
 * is what a person wrote: it is logged by its SQLSTATE and constraint only, with the stack's
 * frames. A query that failed for another reason (the connection is gone) is logged by that
 * reason: drizzle's own message quotes the statement and its parameters. Other errors come
 * from our code or a library and keep their message.
 */
export function loggableError(error: unknown): string {
  const frames = error instanceof Error ? stackFrames(error) : '';
  const code = postgresErrorCode(error);
  if (code !== undefined) {
    const constraint = postgresConstraint(error);
    return `database error ${code}${constraint ? ` on ${constraint}` : ''}${frames}`;
  }
  if (error instanceof DrizzleQueryError) {
    return `database query failed: ${loggableError(error.cause).split('\n')[0]}${frames}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}${frames}`;
  return `a thrown ${typeof error}`;
}

/**
 * An expected failure's message alone (an unreachable store or catalog): its stack says
 * nothing an operator acts on. Something thrown that is not an Error is named by its type.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : `a thrown ${typeof error}`;
}

/** The stack without its first line (which repeats the message). */
function stackFrames(error: Error): string {
  const stack = error.stack ?? '';
  const firstFrame = stack.indexOf('\n    at ');
  return firstFrame === -1 ? '' : stack.slice(firstFrame);
}
