import { createMiddleware } from 'hono/factory';
import { badRequest } from './app-error.ts';

/** A control character, as itself or percent-encoded (`%00`, `%2500` once decoded, `%7F`). */
const controlCharacter = /\p{Cc}|%(?:[01][0-9a-f]|7f)/iu;

/**
 * Refuses a request whose URL (path or query) holds a control character, with a 400 before
 * any route runs. No id or parameter of ours has one, and a NUL that reached Postgres in a
 * parameter would fail the query (`invalid byte sequence`): a server error for a client's
 * fault, and a route added later need not remember it.
 */
export const refuseControlCharacters = createMiddleware(async (c, next) => {
  if (controlCharacter.test(c.req.url) || controlCharacter.test(c.req.path)) {
    throw badRequest('The address holds a control character.');
  }
  await next();
});
