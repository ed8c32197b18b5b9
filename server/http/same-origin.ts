import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './app-error.ts';

/**
 * What a file upload may declare its body as: a file's bytes, typed (what a browser gives a
 * `File` of these kinds) or not. The server decides the kind from the bytes whatever this says.
 */
const binaryMediaTypes = new Set([
  'application/octet-stream',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

/** Methods that change nothing: a page on any origin may send them, so they carry no check. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request (any method but GET, HEAD and OPTIONS) unless it comes from
 * the app itself: its body is declared `application/json`, and its `Origin` is one of
 * `trustedOrigins` (or, when a browser sends no `Origin`, `Sec-Fetch-Site` says
 * `same-origin`). Anything else is a 403 before a handler runs, so it changes nothing.
 *
 * Why both: the session cookie is SameSite=Lax, so a browser still sends it from a page on the
 * same site (another port of the host, a sibling subdomain) and from a top-level form post. A
 * page can send `text/plain` or a form without asking the server first, but never
 * `application/json` to another origin, and a browser never lets a page forge `Origin`.
 *
 * A file upload (`binaryUpload` names those requests) carries the file's own bytes, so it
 * cannot be JSON: it may declare one of `binaryMediaTypes` instead, and then the origin is
 * what protects it. A cross-origin page may post such a body without asking the server
 * first, but its browser sends the page's `Origin` (or `Sec-Fetch-Site: cross-site`), which is
 * refused below; no form can send any of these types at all.
 *
 * A plain HTML form (`formPost` names the requests a page of the app sends as one, such as
 * `Continue this chat` on a shared page, which works with no script) may post
 * `application/x-www-form-urlencoded`; the origin check is then all that protects it, and a
 * browser sends `Origin` with every form post.
 *
 * `skip` names requests that check their own origin (Better Auth does).
 *
 * @example app.use('/api/*', requireSameOrigin(['https://chat.example.com']))
 */
export function requireSameOrigin(
  trustedOrigins: readonly string[],
  {
    skip = () => false,
    binaryUpload = () => false,
    formPost = () => false,
  }: {
    skip?: (path: string) => boolean;
    binaryUpload?: (method: string, path: string) => boolean;
    formPost?: (method: string, path: string) => boolean;
  } = {},
) {
  const trusted = new Set(trustedOrigins.map(originOf));
  return createMiddleware(async (c, next) => {
    if (safeMethods.has(c.req.method) || skip(c.req.path)) return next();
    const type = mediaType(c.req.header('content-type'));
    const allowed =
      type === 'application/json' ||
      (type !== undefined &&
        binaryMediaTypes.has(type) &&
        binaryUpload(c.req.method, c.req.path)) ||
      (type === 'application/x-www-form-urlencoded' && formPost(c.req.method, c.req.path));
    if (!allowed) {
      throw new AppError(ErrorCode.forbidden, 'Send the request body as application/json.');
    }
    const origin = c.req.header('origin');
    const fromApp =
      origin === undefined
        ? c.req.header('sec-fetch-site') === 'same-origin'
        : trusted.has(originOf(origin));
    if (!fromApp) {
      throw new AppError(ErrorCode.forbidden, 'This request did not come from the app itself.');
    }
    return next();
  });
}

/** `type/subtype` of a Content-Type header, lower case, without its parameters. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';', 1)[0]?.trim().toLowerCase();
}

/**
 * The serialised origin of a URL (`https://host:port`, the form browsers send), or the text
 * itself when it is none (`null`, garbage): that never equals a trusted origin.
 */
function originOf(url: string): string {
  if (!URL.canParse(url)) return url;
  const { origin } = new URL(url);
  return origin === 'null' ? url : origin;
}
