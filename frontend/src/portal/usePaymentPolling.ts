import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const POLL_EVERY_MS = 2_000;
const POLL_FOR_MS = 45_000;

/** After a payment Stripe records it through its webhook a few seconds later: refetch every
 * couple of seconds until `settled` or a while has passed. */
export function usePaymentPolling(refetch: () => void, settled: boolean) {
  const [until, setUntil] = useState<number | null>(null);
  if (settled && until !== null) setUntil(null);
  const latest = useRef(refetch);
  useLayoutEffect(() => {
    latest.current = refetch;
  });
  useEffect(() => {
    if (until === null || settled) return undefined;
    const timer = window.setInterval(() => {
      if (Date.now() > until) setUntil(null);
      else latest.current();
    }, POLL_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [until, settled]);
  const start = useCallback(() => setUntil(Date.now() + POLL_FOR_MS), []);
  return { polling: until !== null, start };
}
