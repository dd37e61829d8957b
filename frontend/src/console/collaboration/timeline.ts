import type { TimelineStatusChange } from '../orders/panelProps';

/** A user who can be mentioned: their global id and the name written after the @. */
export interface MentionCandidate {
  id: string;
  name: string;
}

export type TimelineEntry<C> =
  | { kind: 'status'; key: string; at: number; change: TimelineStatusChange }
  | { kind: 'comment'; key: string; at: number; comment: C };

/**
 * One timeline of status changes and comments, oldest first (newest last). On equal times a
 * status change comes before a comment, and each kind keeps its own order.
 */
export function mergeTimeline<C extends { id: string; createdAt: string }>(
  history: readonly TimelineStatusChange[],
  comments: readonly C[],
): TimelineEntry<C>[] {
  const entries: TimelineEntry<C>[] = [
    ...history.map((change, index) => ({
      kind: 'status' as const,
      key: `status-${index}`,
      at: Date.parse(change.createdAt),
      change,
    })),
    ...comments.map((comment) => ({
      kind: 'comment' as const,
      key: comment.id,
      at: Date.parse(comment.createdAt),
      comment,
    })),
  ];
  const rank = (entry: TimelineEntry<C>) => (entry.kind === 'status' ? 0 : 1);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || rank(a.entry) - rank(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * The ids of the picked users whose `@Name` is still in the text, each once, in the order
 * they were picked: deleting a mention from the text un-mentions the user.
 */
export function mentionedIds(text: string, picked: readonly MentionCandidate[]): string[] {
  const ids: string[] = [];
  for (const candidate of picked) {
    if (text.includes(`@${candidate.name}`) && !ids.includes(candidate.id)) ids.push(candidate.id);
  }
  return ids;
}
