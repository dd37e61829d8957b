import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';
import { nodesOf, type NodeConnection } from './connection';

interface More<TNode> {
  /** The first page these rows follow: a new first page (new filter, refetch) drops them. */
  after: NodeConnection<TNode>;
  rows: TNode[];
  pageInfo: NodeConnection<TNode>['pageInfo'];
}

/**
 * "Load more" over a connection: the first page comes from the screen's `useQuery`, later
 * pages are fetched with the same query and variables after the last cursor and appended.
 */
export function useMoreRows<TData, TVariables extends AnyVariables, TNode>(
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  firstPage: NodeConnection<TNode> | null | undefined,
  select: (data: TData) => NodeConnection<TNode>,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const [more, setMore] = useState<More<TNode> | null>(null);
  const [loading, setLoading] = useState(false);
  if (more && more.after !== firstPage) setMore(null);
  const current = more?.after === firstPage ? more : null;
  const pageInfo = current?.pageInfo ?? firstPage?.pageInfo;

  const loadMore = async () => {
    if (!firstPage || !pageInfo?.endCursor) return;
    setLoading(true);
    const result = await client
      .query(query, { ...variables, after: pageInfo.endCursor })
      .toPromise();
    setLoading(false);
    if (result.error || !result.data)
      return void message.error(result.error?.message ?? t('states.networkError'));
    const next = select(result.data);
    setMore({
      after: firstPage,
      rows: [...(current?.rows ?? []), ...nodesOf(next)],
      pageInfo: next.pageInfo,
    });
  };

  return {
    rows: [...nodesOf(firstPage), ...(current?.rows ?? [])],
    hasMore: !!pageInfo?.hasNextPage,
    loading,
    loadMore: () => void loadMore(),
  };
}
