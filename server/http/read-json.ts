import type { Context } from 'hono';
import type { z } from 'zod';
import { limits } from '../../shared/limits.ts';
import { badRequest } from './app-error.ts';
import { nestsDeeperThan } from './json-depth.ts';

/**
 * Reads the body as JSON and parses it with `schema`; anything else is a 400 naming the problem.
 * Nesting is bounded before parsing (see `nestsDeeperThan`); bound the size before this runs.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (nestsDeeperThan(text, limits.jsonDepth)) {
    throw badRequest(`The request body nests deeper than ${limits.jsonDepth} levels.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  return parseInput(schema, body);
}

/** Parses outside data with `schema`, or throws a 400 that says where it went wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
  throw badRequest(`Invalid request${where}: ${first?.message ?? 'unexpected shape'}`);
}
