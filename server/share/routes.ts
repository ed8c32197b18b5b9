import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { RowId } from '../../shared/entities.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { serveAttachment } from '../attachments/serve-attachment.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { Auth } from '../auth/auth.ts';
import { sessionOf } from '../auth/session.ts';
import type { AttemptStore } from '../auth/throttle/attempt-store.ts';
import { clientAddressResolver } from '../auth/throttle/client-address.ts';
import type { Database } from '../db/database.ts';
import { transact } from '../db/transact.ts';
import { AppError, notFound } from '../http/app-error.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { pokeUser } from '../sync/poke.ts';
import { storedSources } from '../web-search/answer-sources.ts';
import { continueShare } from './continue-share.ts';
import {
  findOpenShare,
  sharedAttachment,
  sharedAttachments,
  sharedMessages,
} from './find-share.ts';
import { shareAssets } from './share-assets.ts';
import { shareLimits } from './share-limits.ts';
import { missingSharePage, sharePage } from './share-page.ts';

export type ShareDeps = {
  db: Database;
  auth: Auth;
  pubsub: PubSub;
  storage: AttachmentStorage;
  /** Where views are counted (the sign-in attempts' store). */
  attempts: Pick<AttemptStore, 'take'>;
  viewsPerMinute: number;
  /** Reverse proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXY). */
  trustedProxies: readonly string[];
  /** The most bytes of attachments one person may keep: a continued chat's files count. */
  quotaBytes: number;
};

type Env = { Bindings: Partial<HttpBindings> };

/**
 * Shared conversations, open to anyone holding the link (decision: server-rendered share
 * pages): `GET /share/:token`, the page; `GET /share/assets/*`, its style sheet and script;
 * `GET /api/shares/:token/attachments/:id`, a file the page shows; and
 * `POST /api/shares/:token/continue`, a copy into the signed-in viewer's own account. A token
 * that opens nothing (unknown, stopped, expired, malformed) is one and the same 404.
 */
export function shareRoutes(deps: ShareDeps) {
  const app = new Hono<Env>();
  const limits = shareLimits(deps.attempts, deps.viewsPerMinute);
  const resolveAddress = clientAddressResolver(deps.trustedProxies);
  const addressOf = (c: Context<Env>) =>
    resolveAddress(c.env?.incoming?.socket.remoteAddress, c.req.header('x-forwarded-for') ?? null);

  for (const asset of Object.values(shareAssets)) {
    app.get(asset.path, (c) => {
      c.header('Content-Type', asset.type);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return c.body(asset.text);
    });
  }

  app.get('/share/:token', async (c) => {
    pageHeaders(c);
    const verdict = await limits.page(addressOf(c));
    if (!verdict.allowed) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      return c.html(tooManyPage(), 429);
    }
    const token = c.req.param('token');
    const started = performance.now();
    const open = await findOpenShare(deps.db, token, new Date());
    if (!open) return c.html(missingSharePage(), 404);
    const [messages, { session }] = await Promise.all([
      sharedMessages(deps.db, open),
      sessionOf(deps.auth, c),
    ]);
    const files = await sharedAttachments(
      deps.db,
      open,
      messages.map((m) => m.id),
    );
    const read = performance.now();
    const html = sharePage({
      token,
      title: open.title,
      messages: messages.map((m) => ({
        id: m.id,
        role: m.role,
        status: m.status,
        content: m.content,
        reasoning: m.reasoning,
        sources: storedSources(m.sources),
      })),
      files: files.flatMap((f) => (f.messageId ? [{ ...f, messageId: f.messageId }] : [])),
      viewer: session ? { signedIn: true } : { signedIn: false },
    });
    // What the page cost, for the benchmark and anyone looking at its timing in a browser.
    const rendered = performance.now();
    c.header(
      'Server-Timing',
      `db;dur=${(read - started).toFixed(1)}, render;dur=${(rendered - read).toFixed(1)}`,
    );
    return c.html(html);
  });

  // Anything else under /share/ is a link that opens nothing, never the app's shell.
  app.get('/share/*', (c) => {
    pageHeaders(c);
    return c.html(missingSharePage(), 404);
  });

  app.get('/api/shares/:token/attachments/:attachmentId', async (c) => {
    const verdict = await limits.file(addressOf(c));
    if (!verdict.allowed) refuse(c, verdict.retryAfterMs);
    c.header('X-Robots-Tag', 'noindex');
    const open = await findOpenShare(deps.db, c.req.param('token'), new Date());
    const id = RowId.safeParse(c.req.param('attachmentId'));
    const row = open && id.success ? await sharedAttachment(deps.db, open, id.data) : undefined;
    if (!row) throw notFound('No such attachment.');
    return serveAttachment(c, deps.storage, row);
  });

  app.post('/api/shares/:token/continue', async (c) => {
    const verdict = await limits.page(addressOf(c));
    if (!verdict.allowed) refuse(c, verdict.retryAfterMs);
    const { session } = await sessionOf(deps.auth, c);
    if (!session) throw new AppError(ErrorCode.unauthorized, 'Sign in to continue.');
    const viewerId = session.user.id;
    const token = c.req.param('token');
    const conversationId = await transact(deps.db, async (tx) => {
      const open = await findOpenShare(tx, token, new Date());
      if (!open) throw notFound('This link opens nothing.');
      return continueShare(tx, deps.storage, open, viewerId, {
        now: new Date(),
        quotaBytes: deps.quotaBytes,
      });
    });
    await pokeUser(deps.pubsub, viewerId).catch(() => {});
    if (wantsJson(c)) return c.json({ conversationId }, 201);
    return c.redirect(`/c/${conversationId}`, 303);
  });

  return app;
}

/**
 * A shared page is nobody's to index or keep: stopping a share must stop it showing. Its
 * address (the token) goes to no other site as a referrer; the page's own form still sends its
 * origin, which `no-referrer` would turn into `Origin: null` and the origin check refuse.
 */
function pageHeaders(c: Context) {
  c.header('X-Robots-Tag', 'noindex');
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'same-origin');
}

function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  const type = c.req.header('content-type') ?? '';
  return accept.includes('application/json') || type.startsWith('application/json');
}

function refuse(c: Context, retryAfterMs: number): never {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  throw new AppError(ErrorCode.tooManyRequests, 'Too many requests; try again in a minute.');
}

function tooManyPage(): string {
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Too many requests</title></head><body><h1>Too many requests</h1><p>Try again in a minute.</p></body></html>';
}
