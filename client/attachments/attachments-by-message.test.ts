import { describe, expect, test } from 'vitest';
import type { Attachment } from '../../shared/entities.ts';
import { goneAttachments, groupByMessage } from './attachments-by-message.ts';

const attachment = (id: string, messageId: string | null, createdAt = 1): Attachment => ({
  id,
  messageId,
  name: `${id}.png`,
  mediaType: 'image/png',
  size: 100,
  pageCount: null,
  createdAt,
  source: 'upload',
});

describe('groupByMessage', () => {
  test('gives each message its attachments oldest first and leaves unclaimed ones out', () => {
    const grouped = groupByMessage([
      attachment('b', 'm1', 2),
      attachment('x', null),
      attachment('a', 'm1', 1),
      attachment('c', 'm2'),
    ]);
    expect(grouped.get('m1')?.map((a) => a.id)).toEqual(['a', 'b']);
    expect(grouped.get('m2')?.map((a) => a.id)).toEqual(['c']);
    expect([...grouped.keys()].sort()).toEqual(['m1', 'm2']);
  });

  test('keeps the list of a message whose attachments did not change, so it does not re-render', () => {
    const a = attachment('a', 'm1');
    const c = attachment('c', 'm2');
    const before = groupByMessage([a, c]);
    const after = groupByMessage([a, c, attachment('d', 'm2', 2)], before);
    expect(after.get('m1')).toBe(before.get('m1'));
    expect(after.get('m2')).not.toBe(before.get('m2'));
    expect(after.get('m2')?.map((x) => x.id)).toEqual(['c', 'd']);
  });
});

describe('goneAttachments', () => {
  test('names the attachments deleted since the last list, claimed or not, and no others', () => {
    const before = new Set(['kept', 'deleted', 'unclaimed-deleted']);
    const after = [attachment('kept', 'm1'), attachment('new', null)];
    expect(goneAttachments(before, after).sort()).toEqual(['deleted', 'unclaimed-deleted']);
    expect(goneAttachments(new Set(), after)).toEqual([]);
  });
});
