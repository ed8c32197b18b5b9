import { badBodies } from './malformed-json.ts';
import type { Probe } from './probe-http.ts';

/** A route as the app registers it. */
export type Route = { method: string; path: string };

/** Path segments that are no id: too long, encoded oddities, traversal, injection. */
const badSegments = [
  'x'.repeat(4000),
  '%00',
  'a%00b',
  '%2500',
  'a%0Ab',
  '%ZZ',
  '%E2%82',
  '%F0%9F%92%A9',
  '..%2F..%2Fhealth',
  '%2e%2e',
  "'%20or%201=1--",
  '%20',
  '-1',
  '1e400',
];

/** Query strings with odd names, values and repeats. */
const badQueries = [
  '?from=-1',
  '?from=1e400',
  '?from=abc',
  '?from=99999999999999999999',
  '?from=1&from=2',
  '?from=%00',
  '?patches=%00',
  `?q=${'x'.repeat(4000)}`,
  '?%ZZ=1',
  '?__proto__[a]=1',
];

/** `Last-Event-ID` values (what a resuming event stream sends) that are no offset. */
const badLastEventIds = ['abc', '-1', '1e400', '99999999999999999999', 'x'.repeat(4000)];

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The route's path with every parameter (`:id`) and wildcard (`*`) set to `value`. */
export function pathOf(route: Route, value: string): string {
  return route.path.replace(/:[A-Za-z]+/g, value).replace(/\*/g, value);
}

/**
 * Malformed requests for every route, with the headers of a signed-in person's app page:
 * odd path parameters, odd queries and `Last-Event-ID`s, every method, and (for methods that
 * carry one) every malformed body, and bodies of the wrong type or from elsewhere.
 */
export function routeProbes(routes: readonly Route[], headers: Record<string, string>): Probe[] {
  const probes: Probe[] = [];
  const paths = new Set(routes.map((route) => route.path));
  for (const path of paths) {
    const route = { method: 'GET', path };
    const plain = pathOf(route, 'probe');
    const parameterised = plain !== path;
    if (parameterised) {
      for (const segment of badSegments) {
        probes.push({
          name: `${path} with ${segment.slice(0, 40)}`,
          method: 'GET',
          path: pathOf(route, segment),
          headers,
        });
      }
    }
    for (const query of badQueries) {
      probes.push({
        name: `${path}${query.slice(0, 40)}`,
        method: 'GET',
        path: plain + query,
        headers,
      });
    }
    for (const id of badLastEventIds) {
      probes.push({
        name: `${path} after Last-Event-ID ${id.slice(0, 40)}`,
        method: 'GET',
        path: plain,
        headers: { ...headers, 'last-event-id': id },
      });
    }
    for (const method of methods) {
      const withBody = method !== 'GET' && method !== 'OPTIONS';
      probes.push({
        name: `${method} ${path}`,
        method,
        path: plain,
        headers,
        ...(withBody ? { body: '{}' } : {}),
      });
    }
  }
  for (const route of routes) {
    if (route.method === 'GET' || route.method === 'ALL') continue;
    const path = pathOf(route, 'probe');
    for (const { name, text } of badBodies) {
      probes.push({
        name: `${route.method} ${route.path}: ${name}`,
        method: route.method,
        path,
        headers,
        body: text,
      });
    }
    for (const [name, changed] of Object.entries(wrongHeaders(headers))) {
      probes.push({
        name: `${route.method} ${route.path}: ${name}`,
        method: route.method,
        path,
        headers: changed,
        body: '{}',
      });
    }
  }
  return probes;
}

/** The app's headers, each changed in one way a forged or careless request differs. */
function wrongHeaders(headers: Record<string, string>): Record<string, Record<string, string>> {
  const { origin: _, ...noOrigin } = headers;
  return {
    'a text/plain body': { ...headers, 'content-type': 'text/plain' },
    'a form body': { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    'an unparseable content type': { ...headers, 'content-type': ';;;/' },
    'another origin': { ...headers, origin: 'http://evil.test' },
    'an opaque origin': { ...headers, origin: 'null' },
    'a malformed origin': { ...headers, origin: 'http://[::1' },
    'no origin': noOrigin,
    'no session': { 'content-type': 'application/json', origin: headers.origin ?? '' },
    'a forged session': { ...headers, cookie: 'better-auth.session_token=forged.signature' },
  };
}
