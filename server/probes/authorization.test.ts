import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { attachment } from '../db/attachment-schema.ts';
import { appRequestHeaders } from '../testing/push-client.ts';
import { readEvents, type SseEvent } from '../testing/sse-reader.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';
import { crossUserMutations, isValidArgs } from './cross-user-mutations.ts';
import { probeOrder } from './own-args.ts';
import { type Probe, send, sendAll, serverFaults } from './probe-http.ts';
import {
  type Exchange,
  type Person,
  type ProbeWorld,
  rowsNotOwnedBy,
  useProbeWorld,
} from './probe-world.ts';
import { pullBody, pushBody } from './replicache-bodies.ts';

// A second person, signed in, aims every endpoint and every mutator at the first person's
// rows. Nothing of hers may change, nothing of hers may come back, and nothing is a 5xx.
describe.each(databaseTargets())('another person probing Alice’s rows on $name', (target) => {
  let world: ProbeWorld;
  useProbeWorld(target, (opened) => {
    world = opened;
  });

  /** Every row that is not `prober`'s: Alice's among them. */
  const rowsOutside = (prober: Person) => rowsNotOwnedBy(world.database.db, prober.userId);
  /** A request of `prober`'s, from the app's page; `json` is its body. */
  const as =
    (prober: () => Person) =>
    ({ json, ...probe }: Omit<Probe, 'headers'> & { json?: unknown }): Probe => ({
      ...probe,
      headers: appRequestHeaders(world.server.url, prober().cookie),
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  const asBob = as(() => world.bob);
  const asMallory = as(() => world.mallory);
  /** Nothing of Alice's (an id, a word she wrote) appears in `text`. */
  const expectNothingOfAlice = (texts: readonly string[]) => {
    const { rows } = world.alice;
    const hers = [
      ...rows.conversations,
      ...rows.userMessages,
      ...rows.answers,
      ...rows.attachments,
      ...rows.shares,
      ...rows.shareTokens,
      ...rows.secrets,
    ];
    const leaks = texts.flatMap((text) => hers.filter((word) => text.includes(word)));
    expect(leaks).toEqual([]);
  };
  const aliceExchanges = (): Exchange[] => [
    world.alice.done,
    world.alice.streaming,
    {
      conversationId: world.alice.branchId,
      userMessageId: `${world.alice.branchId}-0`,
      answerId: `${world.alice.branchId}-1`,
    },
  ];

  test('every mutator Mallory aims at Alice’s rows is refused, and none of her rows change', async () => {
    const before = await rowsOutside(world.mallory);
    const group = `mallory-probes-${randomUUID()}`;
    const pushed: number[] = [];
    for (const name of probeOrder) {
      const mutations = crossUserMutations(
        name,
        world.mallory.done,
        world.alice.rows,
        aliceExchanges(),
      );
      // Each is valid but for whose rows it names: a refusal can only come from ownership.
      expect(mutations.filter((m) => !isValidArgs(m.name, m.args)).map((m) => m.aim)).toEqual([]);
      const answer = await send(
        world.server.url,
        asMallory({
          name: `${name} aimed at Alice`,
          method: 'POST',
          path: '/api/replicache/push',
          json: pushBody(group, mutations),
        }),
      );
      expect(answer.status, answer.text).toBe(200);
      pushed.push(mutations.length);
    }
    expect(await rowsOutside(world.mallory)).toEqual(before);
    // Every one was taken (refused, not skipped): each probing client's last mutation id is
    // the number it pushed.
    const pulled = await send(
      world.server.url,
      asMallory({
        name: 'Mallory pulls',
        method: 'POST',
        path: '/api/replicache/pull',
        json: pullBody(group),
      }),
    );
    const lastIds = Object.values(JSON.parse(pulled.text).lastMutationIDChanges);
    expect(lastIds.sort()).toEqual(pushed.sort());
    expect(pushed.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(100);
  });

  test('Bob cannot push or pull as Alice’s client groups or her clients', async () => {
    const before = await rowsOutside(world.bob);
    const create = {
      name: 'createConversation',
      args: {
        id: `bob-${randomUUID()}`,
        title: 'In her group',
        model: DEMO_MODEL_ID,
        createdAt: 1,
      },
    };
    const probes: Probe[] = [
      ...world.alice.rows.clientGroups.flatMap((group) => [
        asBob({
          name: `push in her group ${group}`,
          method: 'POST',
          path: '/api/replicache/push',
          json: pushBody(group, [create]),
        }),
        asBob({
          name: `pull her group ${group}`,
          method: 'POST',
          path: '/api/replicache/pull',
          json: pullBody(group),
        }),
        asBob({
          name: `pull her group ${group} from a cookie`,
          method: 'POST',
          path: '/api/replicache/pull',
          json: pullBody(group, { order: 1, strategy: 'user-version' }),
        }),
      ]),
      ...world.alice.rows.clients.map((client) =>
        asBob({
          name: `push as her client ${client}`,
          method: 'POST',
          path: '/api/replicache/push',
          json: pushBody(`bob-group-${randomUUID()}`, [create], client),
        }),
      ),
    ];
    expect(world.alice.rows.clientGroups.length).toBeGreaterThanOrEqual(2);
    expect(world.alice.rows.clients.length).toBeGreaterThanOrEqual(1);
    const answers = await sendAll(world.server.url, probes);
    expect(answers.map((a) => [a.probe.name, a.status])).toEqual(probes.map((p) => [p.name, 404]));
    expectNothingOfAlice(answers.map((a) => a.text));
    expect(await rowsOutside(world.bob)).toEqual(before);
  });

  test('Bob’s pulls carry his rows and none of Alice’s', async () => {
    const group = `bob-reader-${randomUUID()}`;
    const pulls = [
      pullBody(group),
      pullBody(group, { order: 0, strategy: 'user-version' }),
      pullBody(group, { order: 1, strategy: 'user-version' }),
      pullBody(`bob-other-${randomUUID()}`, { order: 1 }),
    ];
    const answers = await sendAll(
      world.server.url,
      pulls.map((json, index) =>
        asBob({ name: `pull ${index}`, method: 'POST', path: '/api/replicache/pull', json }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(pulls.map(() => 200));
    expect(answers[0]?.text).toContain(world.bob.done.conversationId);
    expectNothingOfAlice(answers.map((a) => a.text));
  });

  test('Bob cannot read Alice’s answer streams, from the start or resumed', async () => {
    const { rows } = world.alice;
    const ids = [...rows.answers, ...rows.userMessages];
    const probes = ids.flatMap((id) => [
      asBob({ name: `stream ${id}`, method: 'GET', path: `/api/streams/${id}` }),
      asBob({ name: `stream ${id} from 0`, method: 'GET', path: `/api/streams/${id}?from=0` }),
      {
        ...asBob({ name: `stream ${id} after 0`, method: 'GET', path: `/api/streams/${id}` }),
        headers: { cookie: world.bob.cookie, 'last-event-id': '0' },
      },
    ]);
    const answers = await sendAll(world.server.url, probes);
    expect(answers.filter((a) => a.status !== 404).map((a) => a.probe.name)).toEqual([]);
    expectNothingOfAlice(answers.map((a) => a.text));
    // She can: the probes asked for streams that are there.
    const hers = await send(world.server.url, {
      name: 'her own stream',
      method: 'GET',
      path: `/api/streams/${world.alice.streaming.answerId}`,
      headers: { cookie: world.alice.cookie },
    });
    expect(hers.status).toBe(200);
  });

  test('every API route with a parameter answers Bob’s requests for Alice’s ids without her data', async () => {
    const before = await rowsOutside(world.bob);
    const { rows } = world.alice;
    const hers = [
      ...rows.conversations,
      ...rows.userMessages,
      ...rows.answers,
      ...rows.attachments,
    ];
    const routes = world.server.routes.filter(
      (r) => r.path.startsWith('/api/') && r.path.includes('/:') && r.method !== 'ALL',
    );
    expect(routes.length).toBeGreaterThan(0);
    const probes = routes.flatMap((route) =>
      hers.map((id) =>
        asBob({
          name: `${route.method} ${route.path} with ${id}`,
          method: route.method,
          path: route.path.replace(/:[A-Za-z]+/g, id),
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { json: { id } }),
        }),
      ),
    );
    const answers = await sendAll(world.server.url, probes);
    expect(serverFaults(answers)).toEqual([]);
    expect(answers.filter((a) => a.status < 400).map((a) => a.probe.name)).toEqual([]);
    expectNothingOfAlice(answers.map((a) => a.text));
    expect(await rowsOutside(world.bob)).toEqual(before);
  });

  test('Bob’s poke stream hears nothing of Alice’s changes, though he named her group', async () => {
    // Naming her group in a push and a pull is refused; the poke stream must not take it up.
    const [herGroup] = world.alice.rows.clientGroups;
    if (herGroup === undefined) throw new Error('Alice has no client group');
    await sendAll(world.server.url, [
      asBob({
        name: 'push in her group',
        method: 'POST',
        path: '/api/replicache/push',
        json: pushBody(herGroup, []),
      }),
      asBob({
        name: 'pull her group',
        method: 'POST',
        path: '/api/replicache/pull',
        json: pullBody(herGroup),
      }),
    ]);
    const abort = new AbortController();
    const heard: Record<'alice' | 'bob', SseEvent[]> = { alice: [], bob: [] };
    const listen = (who: 'alice' | 'bob', cookie: string) =>
      new Promise<void>((opened) => {
        readEvents(`${world.server.url}/api/replicache/poke?patches=1`, { cookie }, abort.signal, {
          onOpen: opened,
          onEvent: (event) => heard[who].push(event),
        }).catch(() => {});
      });
    try {
      await Promise.all([listen('alice', world.alice.cookie), listen('bob', world.bob.cookie)]);
      await world.alice.client.mutate('renameConversation', {
        id: world.alice.done.conversationId,
        title: `${world.alice.rows.secrets[0]} renamed`,
      });
      await waitFor(() => (heard.alice.length > 0 ? true : undefined), { what: 'Alice’s poke' });
      // Bob's own change comes after hers on the same hub: once he hears his, he has heard
      // all he will of hers.
      await world.bob.client.mutate('renameConversation', {
        id: world.bob.done.conversationId,
        title: 'Bob renamed',
      });
      await waitFor(() => (heard.bob.length > 0 ? true : undefined), { what: 'Bob’s poke' });
    } finally {
      abort.abort();
    }
    expectNothingOfAlice(heard.bob.map((event) => event.data));
  });

  test('Alice’s share link opens her shared conversation to Bob, and nothing else of hers', async () => {
    const before = await rowsOutside(world.bob);
    const { rows, shareToken } = world.alice;
    const shown = `/api/shares/${shareToken}`;
    // Her files not in the shared conversation (one not sent yet), her other ids, and her
    // share's id in place of its token: all as good as missing.
    const [sentFile] = await world.database.db
      .select({ id: attachment.id })
      .from(attachment)
      .where(eq(attachment.messageId, world.alice.done.userMessageId));
    const notShown = [
      ...rows.attachments.filter((id) => id !== sentFile?.id),
      ...rows.conversations,
      ...rows.answers,
    ];
    const probes: Probe[] = [
      ...notShown.map((id) =>
        asBob({
          name: `her file ${id} through the share`,
          method: 'GET',
          path: `${shown}/attachments/${id}`,
        }),
      ),
      ...rows.shares.flatMap((id) => [
        asBob({ name: `her share by id ${id}`, method: 'GET', path: `/share/${id}` }),
        asBob({
          name: `her share's file by id ${id}`,
          method: 'GET',
          path: `/api/shares/${id}/attachments/${sentFile?.id}`,
        }),
      ]),
    ];
    const answers = await sendAll(world.server.url, probes);
    expect(answers.map((a) => [a.probe.name, a.status])).toEqual(probes.map((p) => [p.name, 404]));
    expectNothingOfAlice(answers.map((a) => a.text));
    // What the share does show, it shows.
    const page = await send(
      world.server.url,
      asBob({ name: 'the page', method: 'GET', path: `/share/${shareToken}` }),
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain(world.alice.done.answerId);
    const file = await send(
      world.server.url,
      asBob({
        name: 'the shared file',
        method: 'GET',
        path: `${shown}/attachments/${sentFile?.id}`,
      }),
    );
    expect(file.status).toBe(200);
    expect(await rowsOutside(world.bob)).toEqual(before);
  });
});
