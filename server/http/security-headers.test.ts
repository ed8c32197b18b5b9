import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { notFound } from './app-error.ts';
import { handleError } from './error-handler.ts';
import { startEventStream } from './event-stream.ts';
import { securityHeaders } from './security-headers.ts';

/** An app shaped like Parley's: the headers first, then a page, an API route and errors. */
function appServedAt(publicUrl: string | undefined) {
  const app = new Hono();
  app.onError(handleError);
  app.use(securityHeaders({ publicUrl }));
  app.get('/', (c) => c.html('<!doctype html><title>Parley</title>'));
  app.get('/api/missing', () => {
    throw notFound('No such endpoint.');
  });
  app.get('/api/broken', () => {
    throw new Error('a bug');
  });
  return app;
}

/** The policy as directive → sources. */
function directives(policy: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name, sources);
  }
  return parsed;
}

test('a page gets a Content-Security-Policy that allows only its own origin, no inline script and no eval', async () => {
  const response = await appServedAt(undefined).request('/');
  const policy = directives(response.headers.get('content-security-policy'));
  expect(Object.fromEntries(policy)).toMatchObject({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'connect-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
  const everySource = [...policy.values()].flat();
  expect(everySource).not.toContain("'unsafe-inline'");
  expect(everySource).not.toContain("'unsafe-eval'");
  expect(everySource).not.toContain('*');
});

test('every response, errors included, says not to sniff, framing, referrer, features and opener', async () => {
  const app = appServedAt(undefined);
  for (const path of ['/', '/api/missing', '/api/broken', '/nowhere']) {
    const response = await app.request(path);
    const header = (name: string) => response.headers.get(name);
    expect(header('content-security-policy'), path).toContain("frame-ancestors 'none'");
    expect(header('x-content-type-options'), path).toBe('nosniff');
    expect(header('x-frame-options'), path).toBe('DENY');
    expect(header('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    expect(header('cross-origin-opener-policy'), path).toBe('same-origin');
    const features = header('permissions-policy')?.split(/,\s*/) ?? [];
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
      expect(features, path).toContain(`${feature}=()`);
    }
  }
});

test('HSTS and upgrading requests only when the public URL is https', async () => {
  const plain = await appServedAt('http://chat.example.com').request('/');
  expect(plain.headers.get('strict-transport-security')).toBeNull();
  expect(plain.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  const local = await appServedAt(undefined).request('/');
  expect(local.headers.get('strict-transport-security')).toBeNull();

  const secure = await appServedAt('https://chat.example.com').request('/');
  expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=31536000\b/);
  expect(
    directives(secure.headers.get('content-security-policy')).has('upgrade-insecure-requests'),
  ).toBe(true);
});

test('an event stream written straight to Node carries them as well', async () => {
  const app = new Hono<{ Bindings: { outgoing: ServerResponse } }>();
  app.use(securityHeaders({ publicUrl: undefined }));
  app.get('/events', (c) => {
    startEventStream(c.env.outgoing, ': hello\n\n');
    c.env.outgoing.end();
    return RESPONSE_ALREADY_SENT;
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/events`);
    expect(await response.text()).toBe(': hello\n\n');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
