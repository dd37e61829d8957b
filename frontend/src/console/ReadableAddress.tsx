import type { ReactNode } from 'react';
import { Navigate, useLocation, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorState, LoadingState } from '../shared/components/States';
import {
  customerPath,
  invoicePath,
  orderPath,
  paymentPath,
  rowIdOf,
  type DetailKind,
} from './links';
import { NotFoundPage } from './NotFoundPage';

const NumberOfNode = graphql(`
  query NumberOfNode($id: ID!) {
    node(id: $id) {
      id
      ... on Order {
        number
      }
      ... on Invoice {
        number
      }
      ... on Payment {
        number
      }
    }
  }
`);

type NumberedKind = Exclude<DetailKind, 'Customer'>;

const PATH_OF: Record<NumberedKind, (number: string) => string> = {
  Order: orderPath,
  Invoice: invoicePath,
  Payment: paymentPath,
};

/** A detail page at its readable address (/orders/<number>, /customers/<uuid>, ...). An
 * older address carrying a global id, as bookmarks and earlier notifications have it, is
 * replaced by the readable one, query string kept. */
export function ReadableAddress({ kind, children }: { kind: DetailKind; children: ReactNode }) {
  const { id = '' } = useParams();
  const { search } = useLocation();
  const rowId = rowIdOf(id, kind);
  if (rowId === null) return <>{children}</>;
  if (kind === 'Customer') return <Navigate replace to={`${customerPath(rowId)}${search}`} />;
  return <NumberedRedirect id={id} pathOf={PATH_OF[kind]} search={search} />;
}

function NumberedRedirect({
  id,
  pathOf,
  search,
}: {
  id: string;
  pathOf: (number: string) => string;
  search: string;
}) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: NumberOfNode, variables: { id } });
  if (!data && fetching) return <LoadingState />;
  const node = data?.node;
  if (node && 'number' in node) return <Navigate replace to={`${pathOf(node.number)}${search}`} />;
  if (error && !error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return <NotFoundPage />;
}
