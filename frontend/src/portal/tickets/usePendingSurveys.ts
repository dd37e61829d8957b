import { useMemo } from 'react';
import { useQuery } from 'urql';
import { PortalPendingSurveys } from './surveyQueries';

/** The ids of the tickets on a page of the customer's list whose satisfaction survey waits
 * for an answer (sent, unanswered, still open). */
export function usePendingSurveys(first: number, after: string | null): Set<string> {
  const [{ data }] = useQuery({
    query: PortalPendingSurveys,
    variables: { first, after },
    requestPolicy: 'cache-and-network',
  });
  return useMemo(
    () =>
      new Set(
        (data?.portalTickets.edges ?? [])
          .filter((e) => e.node.survey && !e.node.survey.answered && !e.node.survey.expired)
          .map((e) => e.node.id),
      ),
    [data],
  );
}
