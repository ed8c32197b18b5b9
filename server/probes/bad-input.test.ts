import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { limits } from '../../shared/limits.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { type MutatorName, mutatorArgs } from '../../shared/mutators/args.ts';
import { nestsDeeperThan } from '../http/json-depth.ts';
import { MutationV1 } from '../sync/protocol.ts';
import { appRequestHeaders } from '../testing/push-client.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { badValues, malformedVariants, RawJson, toJson, type Variant } from './malformed-json.ts';
import { ownArgs, probeOrder } from './own-args.ts';
import { type Answer, type Probe, send, sendAll, serverFaults } from './probe-http.ts';
import { type ProbeWorld, useProbeWorld } from './probe-world.ts';
import { type ProbeMutation, pullBody, pushBody } from './replicache-bodies.ts';
import { routeProbes } from './route-probes.ts';

/** How deep a push nests a mutation's arguments: the body, `mutations`, the mutation. */
const argsDepthInPush = 3;
/** The most a batch of probe mutations may weigh: under the body limit, with room to spare. */
const batchBytes = limits.syncBodyBytes * 0.8;

// Malformed input to every endpoint and every mutator is a client's fault: answered below 500,
// and the server goes on serving.
describe.each(databaseTargets())('malformed requests on $name', (target) => {
  let world: ProbeWorld;
  useProbeWorld(target, (opened) => {
    world = opened;
  });

  const headers = () => appRequestHeaders(world.server.url, world.bob.cookie);
  const post = (name: string, path: string, body: string): Probe => ({
    name,
    method: 'POST',
    path,
    headers: headers(),
    body,
  });
  const push = (name: string, body: unknown) => post(name, '/api/replicache/push', toJson(body));
  const pull = (name: string, body: unknown) => post(name, '/api/replicache/pull', toJson(body));
  const bobsGroup = () => `bob-${randomUUID()}`;

  test('a push whose mutation arguments nest a hundred thousand deep is a 400', async () => {
    const deep = new RawJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const answer = await send(
      world.server.url,
      push('deep arguments', pushBody(bobsGroup(), [{ name: 'createConversation', args: deep }])),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('nests deeper') },
    });
  });

  test('a pull cookie beyond the range of a version starts over, as an unknown cookie does', async () => {
    for (const order of [2 ** 31, 2 ** 53, Number.MAX_VALUE]) {
      const answer = await send(
        world.server.url,
        pull(`cookie ${order}`, pullBody(bobsGroup(), { order, strategy: 'user-version' })),
      );
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text).patch[0]).toEqual({ op: 'clear' });
    }
  });

  test('a NUL in a client’s id or in an address is a 400, not a server error', async () => {
    const create = { name: 'renameConversation', args: ownArgs.renameConversation(world.bob.done) };
    const answers = await sendAll(world.server.url, [
      push('NUL in a push’s group', pushBody('group\u0000', [create])),
      push('NUL in a client', pushBody(bobsGroup(), [create], 'client\u0000')),
      pull('NUL in a pull’s group', pullBody('group\u0000')),
      {
        name: 'NUL in a stream’s id',
        method: 'GET',
        path: '/api/streams/a%00b',
        headers: headers(),
      },
    ]);
    expect(answers.map((a) => [a.probe.name, a.status])).toEqual(
      answers.map((a) => [a.probe.name, 400]),
    );
  });

  test('every malformed push is answered below 500', async () => {
    const example = pushBody(bobsGroup(), [
      { name: 'renameConversation', args: ownArgs.renameConversation(world.bob.done) },
    ]);
    // A mutation's arguments are probed per mutator below.
    const variants = malformedVariants(example, {
      skip: (path) => path.length > 3 && path[2] === 'args',
    });
    const answers = await sendAll(
      world.server.url,
      variants.map((variant) =>
        post(`push: ${variant.name}`, '/api/replicache/push', variant.text),
      ),
    );
    expect(serverFaults(answers)).toEqual([]);
  });

  test('every mutator’s malformed arguments and unknown mutator names are refused below 500, and the queue moves past them', async () => {
    const group = bobsGroup();
    const answers: Answer[] = [];
    /** How many mutations each push that had to go through carried. */
    const applied: number[] = [];
    const pushBatch = async (name: string, batch: ProbeMutation[], mustApply: boolean) => {
      const answer = await send(world.server.url, push(name, pushBody(group, batch)));
      answers.push(answer);
      if (mustApply) {
        expect(answer.status, `${name}: ${answer.text}`).toBe(200);
        applied.push(batch.length);
      }
    };
    for (const mutator of probeOrder) {
      // A hundred thousand levels were probed as a push's arguments above.
      const variants = malformedVariants(ownArgs[mutator](world.bob.done), { inBody: false });
      for (const batch of batches(distinctRefusals(mutator, variants))) {
        const mutations = batch.map((variant) => ({
          name: mutator,
          args: new RawJson(variant.text),
        }));
        const names = batch.map((variant) => variant.name).join(', ');
        await pushBatch(
          `${mutator} arguments: ${names}`.slice(0, 300),
          mutations,
          fitsInPush(batch[0]),
        );
      }
    }
    const unknownNames = [
      'noSuchMutator',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'createConversation ',
      'CREATECONVERSATION',
      ...badValues.map((bad) => bad.value),
    ].filter((name) => MutationV1.shape.name.safeParse(name).success);
    // Names of other types, or empty, or too long, refuse the whole push (the push probes above).
    await pushBatch(
      'unknown mutator names',
      unknownNames.map((name) => ({ name, args: ownArgs.renameConversation(world.bob.done) })),
      true,
    );
    expect(serverFaults(answers)).toEqual([]);
    // Refused, not stuck: each probing client's last mutation id is the number it pushed.
    const pulled = await send(world.server.url, pull('after the probes', pullBody(group)));
    const lastIds = Object.values(JSON.parse(pulled.text).lastMutationIDChanges).map(Number);
    expect(lastIds.sort(byNumber)).toEqual(applied.sort(byNumber));
  });

  test('every malformed pull is answered below 500', async () => {
    const example = pullBody(bobsGroup(), { order: 1, strategy: 'user-version' });
    const answers = await sendAll(
      world.server.url,
      malformedVariants(example).map((variant) =>
        post(`pull: ${variant.name}`, '/api/replicache/pull', variant.text),
      ),
    );
    expect(serverFaults(answers)).toEqual([]);
  });

  test('malformed sign-up and sign-in bodies are answered below 500', async () => {
    const signUp = {
      email: `probe-${randomUUID()}@example.test`,
      password: 'long enough pw',
      name: 'P',
    };
    const signIn = { email: world.bob.email, password: 'not the password' };
    const probes = [
      ...malformedVariants(signUp).map((v) =>
        authPost(`sign-up: ${v.name}`, '/api/auth/sign-up/email', v),
      ),
      ...malformedVariants(signIn).map((v) =>
        authPost(`sign-in: ${v.name}`, '/api/auth/sign-in/email', v),
      ),
    ];
    expect(serverFaults(await sendAll(world.server.url, probes))).toEqual([]);
  });

  test('every API route answers odd paths, queries, methods, headers and bodies below 500', async () => {
    const routes = world.server.routes.filter(
      (r) => r.path.startsWith('/api/') && r.method !== 'ALL',
    );
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/replicache/push',
        'POST /api/replicache/pull',
        'GET /api/streams/:messageId',
      ]),
    );
    const answers = await sendAll(world.server.url, routeProbes(routes, headers()));
    expect(serverFaults(answers)).toEqual([]);
  });

  test('after all that the server is healthy: it answers, takes a push and a pull', async () => {
    const health = await send(world.server.url, {
      name: 'health',
      method: 'GET',
      path: '/api/health',
    });
    expect(health.status).toBe(200);
    const group = bobsGroup();
    const id = `after-${randomUUID()}`;
    const create = {
      name: 'createConversation',
      args: { id, title: 'Still here', model: DEMO_MODEL_ID, createdAt: 1 },
    };
    expect((await send(world.server.url, push('a push', pushBody(group, [create])))).status).toBe(
      200,
    );
    const pulled = await send(world.server.url, pull('a pull', pullBody(group)));
    expect(pulled.status).toBe(200);
    expect(pulled.text).toContain(id);
  });

  function authPost(name: string, path: string, variant: Variant): Probe {
    return {
      name,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', origin: world.server.url },
      body: variant.text,
    };
  }
});

/**
 * Whether arguments can go in a push with others: a push is refused whole when they nest too
 * deep for its body, or are no JSON value at all (`1e400` parses to Infinity).
 */
function fitsInPush(variant: Variant | undefined): boolean {
  return (
    variant !== undefined &&
    !nestsDeeperThan(variant.text, limits.jsonDepth - argsDepthInPush) &&
    MutationV1.shape.args.safeParse(JSON.parse(variant.text)).success
  );
}

/**
 * The variants of a mutator's arguments worth a round trip: every one its schema lets through
 * (those reach the database), and of those it refuses, one per place and kind of refusal (the
 * rest take the very same path through the server, and each costs a transaction or two).
 */
function distinctRefusals(mutator: MutatorName, variants: readonly Variant[]): Variant[] {
  const seen = new Set<string>();
  return variants.filter((variant) => {
    if (!fitsInPush(variant)) return true;
    const parsed = mutatorArgs[mutator].safeParse(JSON.parse(variant.text));
    if (parsed.success) return true;
    const [issue] = parsed.error.issues;
    const kind = `${issue?.path.join('.')} ${issue?.code}`;
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

/** Argument variants packed into pushes under the body limit; one that cannot share goes alone. */
function batches(variants: readonly Variant[]): Variant[][] {
  const result: Variant[][] = [];
  let current: Variant[] = [];
  let bytes = 0;
  for (const variant of variants) {
    const size = variant.text.length;
    if (!fitsInPush(variant) || size > batchBytes) {
      result.push([variant]);
      continue;
    }
    if (bytes + size > batchBytes || current.length === limits.mutationsPerPush) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(variant);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

const byNumber = (a: number, b: number) => a - b;
