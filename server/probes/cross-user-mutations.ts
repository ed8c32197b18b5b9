import { type MutatorName, mutatorArgs } from '../../shared/mutators/args.ts';
import { ownArgs } from './own-args.ts';
import type { Exchange, OwnRows } from './probe-world.ts';

/** A mutation aimed at someone else's rows, and what it aims at. */
export type CrossUserMutation = { name: MutatorName; args: Record<string, unknown>; aim: string };

/** What each id field names in the victim's conversation `exchange` (message: its answer). */
function victimIdFor(field: string, exchange: Exchange, messageIs: 'answer' | 'question') {
  switch (field) {
    case 'conversationId':
    case 'parentId':
    case 'id':
      return exchange.conversationId;
    case 'branchPointMessageId':
    case 'assistantMessageId':
      return exchange.answerId;
    case 'userMessageId':
      return exchange.userMessageId;
    default:
      return messageIs === 'answer' ? exchange.answerId : exchange.userMessageId;
  }
}

/**
 * The ways the prober can aim mutator `name` at the victim's rows: each id field in turn set
 * to each of the victim's ids (of any kind), and each field, each pair of fields and all of
 * them set together to one of the victim's conversations and its messages (the other fields
 * left the prober's own, so that nothing else fails first).
 */
export function crossUserMutations(
  name: MutatorName,
  own: Exchange,
  victim: OwnRows,
  victimExchanges: Exchange[],
): CrossUserMutation[] {
  // New ids for each probe: one that went through must not turn the next into a replay.
  const base = (): Record<string, unknown> => ownArgs[name](own);
  const idFields = Object.keys(base()).filter((key) => key === 'id' || key.endsWith('Id'));
  const victimIds = [
    ...victim.conversations,
    ...victim.userMessages,
    ...victim.answers,
    ...victim.shares,
  ];
  const probes: CrossUserMutation[] = [];
  for (const field of idFields) {
    for (const id of victimIds) {
      probes.push({ name, args: { ...base(), [field]: id }, aim: `${field}=${id}` });
    }
  }
  for (const exchange of victimExchanges) {
    for (const messageIs of ['answer', 'question'] as const) {
      for (const subset of combinations(idFields)) {
        const aimed = Object.fromEntries(
          subset.map((field) => [field, victimIdFor(field, exchange, messageIs)]),
        );
        probes.push({
          name,
          args: { ...base(), ...aimed },
          aim: subset.map((field) => `${field}=${aimed[field]}`).join(' '),
        });
      }
    }
  }
  // A sent message claims the attachments it names: never someone else's.
  if (name === 'sendMessage' && victim.attachments.length > 0) {
    probes.push({
      name,
      args: { ...base(), attachmentIds: victim.attachments },
      aim: `attachmentIds=${victim.attachments.join(',')}`,
    });
  }
  return dedupe(probes);
}

/** Each item alone, each pair, and all of them: the ways fields combine that checks miss. */
function combinations<T>(items: readonly T[]): T[][] {
  const pairs = items.flatMap((first, i) => items.slice(i + 1).map((second) => [first, second]));
  return [...items.map((item) => [item]), ...pairs, [...items]];
}

function dedupe(probes: CrossUserMutation[]): CrossUserMutation[] {
  const seen = new Set<string>();
  return probes.filter((probe) => {
    const key = `${probe.name} ${probe.aim}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether `args` pass the mutator's own schema: a probe must fail only on whose rows it names. */
export function isValidArgs(name: MutatorName, args: unknown): boolean {
  return mutatorArgs[name].safeParse(args).success;
}
