import { expect, test } from 'vitest';
import { Conversation } from '../../shared/entities.ts';
import { groupByAge } from './group-by-age.ts';

const now = new Date(2026, 10, 25, 15, 0);
const hoursAgo = (hours: number) => now.getTime() - hours * 60 * 60 * 1000;
const conversation = (id: string, updatedAt: number, pinnedAt: number | null = null) =>
  Conversation.parse({ id, title: id, model: 'parley/demo', createdAt: 0, updatedAt, pinnedAt });

test('newest first, grouped by age, with pinned conversations above all, last pinned first', () => {
  const list = [
    conversation('this-morning', hoursAgo(5)),
    conversation('pinned-first', hoursAgo(6), hoursAgo(48)),
    conversation('yesterday', hoursAgo(20)),
    conversation('pinned-later', hoursAgo(100), hoursAgo(1)),
    conversation('last-week', hoursAgo(24 * 4)),
    conversation('long-ago', hoursAgo(24 * 40)),
  ];
  expect(groupByAge(list, now).map((g) => [g.label, g.conversations.map((c) => c.id)])).toEqual([
    ['Pinned', ['pinned-later', 'pinned-first']],
    ['Today', ['this-morning']],
    ['Yesterday', ['yesterday']],
    ['Previous 7 days', ['last-week']],
    ['Older', ['long-ago']],
  ]);
});
