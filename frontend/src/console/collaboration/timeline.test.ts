import { describe, expect, it } from 'vitest';
import { mentionedIds, mergeTimeline } from './timeline';

const change = (toStatus: string, createdAt: string) => ({
  fromStatus: null,
  toStatus,
  action: 'submit',
  actorLabel: null,
  note: null,
  createdAt,
});

describe('mergeTimeline', () => {
  it('interleaves status changes and comments by time, newest last', () => {
    const entries = mergeTimeline(
      [change('DRAFT', '2026-01-01T10:00:00Z'), change('CONFIRMED', '2026-01-01T12:00:00Z')],
      [
        { id: 'c1', createdAt: '2026-01-01T11:00:00Z' },
        { id: 'c2', createdAt: '2026-01-01T12:00:00Z' },
      ],
    );
    expect(entries.map((e) => (e.kind === 'status' ? e.change.toStatus : e.comment.id))).toEqual([
      'DRAFT',
      'c1',
      'CONFIRMED',
      'c2',
    ]);
  });
});

describe('mentionedIds', () => {
  const ada = { id: 'u1', name: 'Ada Lovelace' };
  const ben = { id: 'u2', name: 'Ben' };

  it('keeps picked users still written in the text, once each', () => {
    expect(mentionedIds('@Ada Lovelace and @Ben, @Ben again', [ada, ben, ben])).toEqual([
      'u1',
      'u2',
    ]);
  });

  it('drops a user whose mention was deleted from the text', () => {
    expect(mentionedIds('only @Ben now', [ada, ben])).toEqual(['u2']);
  });
});
