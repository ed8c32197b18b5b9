import { limits } from '../../shared/limits.ts';

/**
 * JSON text to put in place of a value: what JSON.stringify cannot write (a hundred thousand
 * levels of nesting overflow its stack; `1e400` is no JS number).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * A value a probe puts where a valid one belongs, and what to call it in a failure. A `body`
 * value is refused with the whole body whatever its place: probing one place is enough.
 */
export type BadValue = { name: string; value: unknown; body?: true };

const deepArray = (depth: number) => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Wrong types, sizes, characters, ranges and depths: each stands in for any one value. */
export const badValues: BadValue[] = [
  { name: 'null', value: null },
  { name: 'true', value: true },
  { name: 'zero', value: 0 },
  { name: 'a negative number', value: -1 },
  { name: 'a fraction', value: 0.5 },
  { name: 'the first integer past 32 bits', value: 2 ** 31 },
  { name: 'an integer past double precision', value: 2 ** 53 + 2 },
  { name: 'the largest double', value: Number.MAX_VALUE },
  { name: 'a number too large for a double', value: new RawJson('1e400') },
  { name: 'negative zero', value: new RawJson('-0') },
  { name: 'an empty string', value: '' },
  { name: 'a string one past the longest id', value: 'a'.repeat(limits.idChars + 1) },
  { name: 'a long string', value: 'x'.repeat(100_000) },
  { name: 'a NUL character', value: 'a\u0000b' },
  { name: 'control characters', value: '\u0001\u001b[31m\r\n' },
  { name: 'a lone surrogate', value: new RawJson('"\\ud800"') },
  { name: 'an empty array', value: [] },
  { name: 'an empty object', value: {} },
  { name: 'an object with a prototype key', value: new RawJson('{"__proto__":{"admin":true}}') },
  { name: 'nesting one past the limit', value: deepArray(limits.jsonDepth + 1) },
  { name: 'nesting a hundred thousand deep', value: deepArray(100_000), body: true },
  { name: 'objects nested a hundred thousand deep', value: deepObject(100_000), body: true },
];

/** Bodies that are wrong as a whole, for any endpoint that reads JSON. */
export const badBodies: { name: string; text: string }[] = [
  { name: 'an empty body', text: '' },
  { name: 'whitespace', text: ' \n ' },
  { name: 'text that is not JSON', text: 'hello' },
  { name: 'truncated JSON', text: '{"a": [1, 2' },
  { name: 'JSON with a trailing comma', text: '{"a": 1,}' },
  { name: 'two JSON values', text: '{}{}' },
  { name: 'a byte-order mark', text: '\ufeff{}' },
  { name: 'invalid UTF-8 escapes', text: '{"a": "\\uZZZZ"}' },
  ...badValues.map(({ name, value }) => ({ name: `a body of ${name}`, text: toJson(value) })),
];

/** A place in a JSON value: object keys and array indexes from the root. */
export type JsonPath = (string | number)[];

/** Every path into `value`, through objects' fields and arrays' items; the root first. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : isObject(value)
      ? Object.entries(value)
      : [];
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** Deletes what is at a path, rather than replacing it. */
export const removed = Symbol('removed');

/** A copy of `value` with `replacement` at `path` (or, with `removed`, nothing there). */
export function withValueAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  if (Array.isArray(value) && typeof key === 'number') {
    const copy = [...value];
    if (rest.length === 0 && replacement === removed) copy.splice(key, 1);
    else copy[key] = withValueAt(value[key], rest, replacement);
    return copy;
  }
  if (isObject(value) && typeof key === 'string') {
    const { [key]: child, ...others } = value;
    if (rest.length === 0 && replacement === removed) return others;
    return { ...value, [key]: withValueAt(child, rest, replacement) };
  }
  return value;
}

/** A wrong body, named by what is wrong in it. */
export type Variant = { name: string; text: string };

/**
 * The malformed variants of a valid body `example`: at every path, the value removed (inside
 * an object) and each bad value put in its place. `skip` leaves out the paths below which
 * another generator goes (a push's mutator arguments). `inBody: false` leaves out the values
 * that refuse a body whatever their place, for a value probed inside a body probed already.
 */
export function malformedVariants(
  example: unknown,
  {
    skip = () => false,
    inBody = true,
  }: { skip?: (path: JsonPath) => boolean; inBody?: boolean } = {},
): Variant[] {
  const values = inBody ? badValues : badValues.filter((bad) => !bad.body);
  const variants: Variant[] = [];
  for (const path of pathsOf(example)) {
    if (skip(path)) continue;
    const where = path.length === 0 ? 'the body' : path.join('.');
    if (path.length > 0) {
      variants.push({
        name: `${where} missing`,
        text: toJson(withValueAt(example, path, removed)),
      });
    }
    for (const { name, value } of values) {
      variants.push({
        name: `${where} as ${name}`,
        text: toJson(withValueAt(example, path, value)),
      });
    }
  }
  return variants;
}

/** JSON text of `value`, with each RawJson spliced in as written. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `\u0000raw:${raws.length - 1}`;
  });
  return text.replace(/"\\u0000raw:(\d+)"/g, (_, index: string) => raws[Number(index)] ?? 'null');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
