import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NodeConnection } from '../connection';
import { setUpDom } from '../testing/setUpDom';
import { useCursorPager } from '../useCursorPager';
import { ConnectionTable } from './ConnectionTable';

beforeAll(setUpDom);
afterEach(cleanup);

type Customer = { id: string; name: string };

function connectionOf(names: string[], endCursor: string | null): NodeConnection<Customer> {
  return {
    edges: names.map((name) => ({ node: { id: `id-${name}`, name } })),
    pageInfo: { hasNextPage: endCursor !== null, endCursor },
  };
}

const columns = [{ title: 'Name', dataIndex: 'name', key: 'name' }];

/** A screen paging through two pages of customers, as the console's lists do. */
function PagedCustomers({ onPage }: { onPage: (after: string | null) => void }) {
  const pager = useCursorPager();
  onPage(pager.after);
  const connection =
    pager.after === null
      ? connectionOf(['Acme', 'Vega'], 'cursor-2')
      : connectionOf(['Zeta'], null);
  return <ConnectionTable<Customer> connection={connection} pager={pager} columns={columns} />;
}

describe('ConnectionTable', () => {
  it("shows a connection's nodes and pages on with the end cursor", () => {
    const pages: (string | null)[] = [];
    render(<PagedCustomers onPage={(after) => pages.push(after)} />);
    expect(screen.getByRole('row', { name: 'Acme' })).toBeTruthy();
    expect(screen.getByText('Page 1')).toBeTruthy();
    const previous = screen.getByRole('button', { name: 'Previous' });
    expect(previous.hasAttribute('disabled')).toBe(true);

    act(() => fireEvent.click(screen.getByRole('button', { name: 'Next' })));
    expect(pages.at(-1)).toBe('cursor-2');
    expect(screen.getByRole('row', { name: 'Zeta' })).toBeTruthy();
    expect(screen.getByText('Page 2')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(true);

    act(() => fireEvent.click(screen.getByRole('button', { name: 'Previous' })));
    expect(pages.at(-1)).toBe(null);
  });

  it('says why it is empty, in its own words or the generic ones', () => {
    const { rerender } = render(
      <ConnectionTable<Customer> rows={[]} columns={columns} empty="No customers match." />,
    );
    expect(screen.getByText('No customers match.')).toBeTruthy();
    rerender(<ConnectionTable<Customer> rows={[]} columns={columns} />);
    expect(screen.getByText('Nothing here yet.')).toBeTruthy();
    rerender(<ConnectionTable<Customer> rows={[]} columns={columns} emptyText="No orders yet" />);
    expect(screen.getByText('No orders yet')).toBeTruthy();
  });

  it('offers "load more" while more rows follow, busy while they load', () => {
    const loadMore = vi.fn();
    const more = { hasMore: true, loading: false, loadMore, label: 'Load more' };
    const { rerender } = render(
      <ConnectionTable<Customer>
        rows={connectionOf(['Acme'], 'c').edges.map((e) => e.node)}
        columns={columns}
        more={more}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(loadMore).toHaveBeenCalledOnce();

    rerender(
      <ConnectionTable<Customer> rows={[]} columns={columns} more={{ ...more, loading: true }} />,
    );
    const button = screen.getByRole('button', { name: /Load more/ });
    expect(button.classList.contains('ant-btn-loading')).toBe(true);
    rerender(
      <ConnectionTable<Customer> rows={[]} columns={columns} more={{ ...more, hasMore: false }} />,
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('opens a row when it is clicked', () => {
    const open = vi.fn();
    render(
      <ConnectionTable<Customer>
        connection={connectionOf(['Acme', 'Vega'], null)}
        columns={columns}
        onRowClick={open}
        data-testid="customers"
      />,
    );
    const table = screen.getByTestId('customers');
    fireEvent.click(within(table).getByText('Vega'));
    expect(open).toHaveBeenCalledWith({ id: 'id-Vega', name: 'Vega' });
  });
});
