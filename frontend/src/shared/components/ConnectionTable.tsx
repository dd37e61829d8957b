import { Button, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { nodesOf, type NodeConnection } from '../connection';
import type { useCursorPager } from '../useCursorPager';
import { Pager } from './Pager';
import { EmptyState } from './States';

type Row = Record<PropertyKey, unknown>;

/** A "Load more" button under the table (`useMoreRows`). */
export interface MoreRowsControl {
  hasMore: boolean;
  loading: boolean;
  loadMore: () => void;
  label: string;
}

export type ConnectionTableProps<TRow extends Row> = Omit<
  TableProps<TRow>,
  'dataSource' | 'loading' | 'pagination' | 'locale' | 'onRow'
> & {
  /** The connection whose nodes are the rows (and whose page info drives the pager)... */
  connection?: NodeConnection<TRow> | null;
  /** ...or the rows themselves. */
  rows?: readonly TRow[];
  loading?: boolean;
  /** What an empty table says, under antd's empty picture; the generic text when left out. */
  empty?: string;
  /** Shown instead of the picture and `empty`, for tables that say it differently. */
  emptyText?: ReactNode;
  /** Previous / next over keyset pages of `connection`. */
  pager?: ReturnType<typeof useCursorPager>;
  more?: MoreRowsControl;
  /** Makes whole rows clickable, e.g. to open the row's own page. */
  onRowClick?: (row: TRow) => void;
};

/** An antd table over a list or a connection's nodes, with loading, empty and paging states. */
export function ConnectionTable<TRow extends Row>({
  connection,
  rows,
  loading = false,
  empty,
  emptyText,
  pager,
  more,
  onRowClick,
  ...table
}: ConnectionTableProps<TRow>) {
  return (
    <>
      <Table<TRow>
        rowKey="id"
        {...table}
        dataSource={rows ? [...rows] : nodesOf(connection)}
        loading={loading || !!more?.loading}
        pagination={false}
        locale={{ emptyText: emptyText ?? <EmptyState description={empty} /> }}
        onRow={
          onRowClick &&
          ((row) => ({ onClick: () => onRowClick(row), style: { cursor: 'pointer' } }))
        }
      />
      {pager && (
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={!!connection?.pageInfo.hasNextPage}
          onPrevious={pager.previous}
          onNext={() => pager.next(connection?.pageInfo.endCursor)}
        />
      )}
      {more?.hasMore && (
        <Button style={{ marginTop: 12 }} loading={more.loading} onClick={more.loadMore}>
          {more.label}
        </Button>
      )}
    </>
  );
}
