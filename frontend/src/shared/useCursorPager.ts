import { useCallback, useState } from 'react';

/** Keyset pagination over a connection: a stack of `after` cursors, one per page seen. */
export function useCursorPager() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setCursors((stack) => [...stack, endCursor]);
  }, []);
  const previous = useCallback(
    () => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    [],
  );
  const reset = useCallback(() => setCursors([null]), []);
  return { after, page: cursors.length, hasPrevious: cursors.length > 1, next, previous, reset };
}
