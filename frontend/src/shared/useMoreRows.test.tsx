import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { parse } from 'graphql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Provider, type Client, type TypedDocumentNode } from 'urql';
import type { NodeConnection } from './connection';
import { setUpDom } from './testing/setUpDom';
import { useMoreRows } from './useMoreRows';

beforeAll(setUpDom);
afterEach(cleanup);

interface Tag {
  id: string;
}
interface TagsData {
  tags: NodeConnection<Tag>;
}
interface TagsVariables {
  first: number;
  after?: string | null;
  [name: string]: unknown;
}

const Tags = parse('query Tags($first: Int, $after: String) { tags { id } }') as TypedDocumentNode<
  TagsData,
  TagsVariables
>;

function page(ids: string[], endCursor: string | null): NodeConnection<Tag> {
  return {
    edges: ids.map((id) => ({ node: { id } })),
    pageInfo: { hasNextPage: endCursor !== null, endCursor },
  };
}

/** Answers every "after" with the next page, and remembers what it was asked. */
function clientServing(pages: Record<string, NodeConnection<Tag>>, asked: unknown[]): Client {
  return {
    query: (_query: unknown, variables: TagsVariables) => {
      asked.push(variables);
      const next = pages[variables.after ?? ''];
      return { toPromise: async () => ({ data: next ? { tags: next } : undefined }) };
    },
  } as unknown as Client;
}

function TagList({ firstPage }: { firstPage: NodeConnection<Tag> }) {
  const more = useMoreRows(Tags, { first: 2 }, firstPage, (data) => data.tags);
  return (
    <>
      <ul>
        {more.rows.map((tag) => (
          <li key={tag.id}>{tag.id}</li>
        ))}
      </ul>
      {more.hasMore && <button onClick={more.loadMore}>More</button>}
    </>
  );
}

describe('useMoreRows', () => {
  it('appends the pages after the first until there are no more', async () => {
    const asked: unknown[] = [];
    const client = clientServing({ c2: page(['c', 'd'], 'c4'), c4: page(['e'], null) }, asked);
    render(
      <Provider value={client}>
        <TagList firstPage={page(['a', 'b'], 'c2')} />
      </Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await screen.findByText('d');
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await screen.findByText('e');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(screen.queryByRole('button', { name: 'More' })).toBeNull();
    expect(asked).toEqual([
      { first: 2, after: 'c2' },
      { first: 2, after: 'c4' },
    ]);
  });

  it('drops the appended rows when the first page is fetched anew', async () => {
    const client = clientServing({ c2: page(['c'], null) }, []);
    const { rerender } = render(
      <Provider value={client}>
        <TagList firstPage={page(['a', 'b'], 'c2')} />
      </Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await screen.findByText('c');
    act(() =>
      rerender(
        <Provider value={client}>
          <TagList firstPage={page(['x'], 'c2')} />
        </Provider>,
      ),
    );
    await waitFor(() =>
      expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['x']),
    );
  });
});
