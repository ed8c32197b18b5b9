import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const self = "'self'";
const none = "'none'";

/**
 * What a page of Parley may load, run and connect to: only its own origin. No inline script
 * (client/public/boot.js is the one script that runs before the app), no eval. Styles come
 * from the app's style sheets; React sets `style` through the CSSOM, which `style-src` allows.
 * Images may be data: and blob: URLs (attachments and generated images kept in the browser).
 * Shiki colours code with its JavaScript regex engine, so no WebAssembly is compiled. Workers
 * (highlighting, the service worker) load from the same origin; the policy of a worker is the
 * one its own script is served with, which is this one.
 */
const contentSecurityPolicy = {
  defaultSrc: [self],
  scriptSrc: [self],
  styleSrc: [self],
  imgSrc: [self, 'data:', 'blob:'],
  fontSrc: [self],
  connectSrc: [self],
  workerSrc: [self],
  manifestSrc: [self],
  mediaSrc: [self, 'blob:'],
  frameSrc: [none],
  objectSrc: [none],
  baseUri: [none],
  formAction: [self],
  frameAncestors: [none],
};

/**
 * Parley uses none of these powerful features, so no page (or anything injected into one) can
 * ask for them.
 */
const permissionsPolicy = {
  accelerometer: [],
  autoplay: [],
  bluetooth: [],
  camera: [],
  displayCapture: [],
  geolocation: [],
  gyroscope: [],
  hid: [],
  magnetometer: [],
  microphone: [],
  midi: [],
  payment: [],
  serial: [],
  usb: [],
};

/**
 * The security headers of every response, API and static files alike: a strict CSP, no
 * framing, no sniffing, a referrer that stops at the origin across sites, the powerful browser
 * features off, and a window that no other site's page can reach. HSTS (and upgrading any
 * stray http: request) only when the app is served over https (`PUBLIC_URL`): sent over plain
 * http it would be ignored, and on localhost it would stick to every port.
 *
 * @example
 * app.use(securityHeaders({ publicUrl: config.publicUrl }));
 */
export function securityHeaders({
  publicUrl,
}: {
  publicUrl: string | undefined;
}): MiddlewareHandler {
  const https = publicUrl?.startsWith('https:') ?? false;
  return secureHeaders({
    contentSecurityPolicy: https
      ? { ...contentSecurityPolicy, upgradeInsecureRequests: [] }
      : contentSecurityPolicy,
    crossOriginOpenerPolicy: 'same-origin',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    permissionsPolicy,
  });
}
