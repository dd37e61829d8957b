/** The part of a GraphQL connection that lists show: its nodes and where the next page starts. */
export interface NodeConnection<TNode> {
  edges: readonly { node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export function nodesOf<TNode>(connection: NodeConnection<TNode> | null | undefined): TNode[] {
  return connection ? connection.edges.map((edge) => edge.node) : [];
}
