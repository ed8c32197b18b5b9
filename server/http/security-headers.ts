import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { addStreamHeaders } from './stream-headers.ts';

/**
 * What a page of Parley may load, run and connect to: only its own origin. No inline script
 * (client/public/boot.js is the one script that runs before the app), no eval. Styles come
 * from the app's style sheets; React sets `style` through the CSSOM, which `style-src` allows.
 * Images may be data: and blob: URLs (attachments and generated images kept in the browser).
 * Shiki colours code with its JavaScript regex engine, so no WebAssembly is compiled. Workers
 * (highlighting, the service worker) load from the same origin; the policy of a worker is the
 * one its own script is served with, which is this one.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "media-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * Parley uses none of these powerful features, so no page (or anything injected into one) can
 * ask for them.
 */
const featuresOff = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
];

/**
 * The security headers of every response, by name: a strict CSP, no framing, no sniffing, a
 * referrer that stops at the origin across sites, the powerful browser features off, a window
 * that no other site's page can reach, and files no other site can embed. HSTS (and upgrading
 * any stray http: request) only when the app is served over https (`PUBLIC_URL`): over plain
 * http it would be ignored, and on localhost it would stick to every port.
 */
export function securityHeaderValues(publicUrl: string | undefined): Record<string, string> {
  const https = publicUrl?.startsWith('https:') ?? false;
  return {
    'Content-Security-Policy': [
      ...contentSecurityPolicy,
      ...(https ? ['upgrade-insecure-requests'] : []),
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': featuresOff.map((feature) => `${feature}=()`).join(', '),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Sets the security headers on every response: the ones Hono builds, and the event streams
 * written straight to Node's response (http/event-stream.ts), which are given them before their
 * handler runs (http/stream-headers.ts).
 *
 * @example
 * app.use(securityHeaders({ publicUrl: config.publicUrl }));
 */
export function securityHeaders({
  publicUrl,
}: {
  publicUrl: string | undefined;
}): MiddlewareHandler {
  const values = securityHeaderValues(publicUrl);
  const headers = Object.entries(values);
  return async (c, next) => {
    const outgoing: unknown = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (isNodeResponse(outgoing) && !outgoing.headersSent) addStreamHeaders(outgoing, values);
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}

const isNodeResponse = (value: unknown): value is ServerResponse =>
  typeof value === 'object' &&
  value !== null &&
  'setHeader' in value &&
  typeof value.setHeader === 'function';
