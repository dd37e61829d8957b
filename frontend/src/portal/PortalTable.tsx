import { Card, Flex, Space, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { nodesOf } from '../shared/connection';
import { ConnectionTable, type ConnectionTableProps } from '../shared/components/ConnectionTable';
import { Pager } from '../shared/components/Pager';
import { EmptyState } from '../shared/components/States';
import { useNarrow } from './useNarrow';

type Row = Record<PropertyKey, unknown>;

function cellOf<TRow extends Row>(column: ColumnType<TRow>, row: TRow, index: number): ReactNode {
  const key = column.dataIndex as keyof TRow | undefined;
  const value = key === undefined ? undefined : row[key];
  if (column.render) return column.render(value, row, index) as ReactNode;
  return (value ?? '—') as ReactNode;
}

/** A column's value as one line of a card: its title on the left, the value on the right. */
function CardField({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Flex justify="space-between" align="baseline" gap={12} wrap>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ textAlign: 'right', minWidth: 0, overflowWrap: 'anywhere' }}>{children}</div>
    </Flex>
  );
}

export type PortalTableProps<TRow extends Row> = ConnectionTableProps<TRow> & {
  /** The key of the column shown as each card's title. */
  titleColumn: string;
  /** Each row's key (the cards' React keys and test ids). */
  keyOf: (row: TRow) => string;
  /** `data-testid` of each card. */
  cardTestId?: string;
};

/** A ConnectionTable on wide screens; on a phone, one card per row with every column as a
 * labelled line, so nothing is off-screen and no column is squeezed letter by letter. */
export function PortalTable<TRow extends Row>(props: PortalTableProps<TRow>) {
  const narrow = useNarrow();
  const { titleColumn, keyOf, cardTestId, ...table } = props;
  if (!narrow) return <ConnectionTable<TRow> rowKey={keyOf} {...table} />;
  const rows = table.rows ? [...table.rows] : nodesOf(table.connection);
  const columns = (table.columns ?? []) as ColumnType<TRow>[];
  const title = columns.find((c) => c.key === titleColumn);
  const rest = columns.filter((c) => c !== title);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {rows.length === 0 && !table.loading && (table.emptyText ?? <EmptyState />)}
      {rows.map((row, index) => (
        <Card
          key={keyOf(row)}
          size="small"
          title={title && cellOf(title, row, index)}
          data-testid={cardTestId}
        >
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            {rest.map((column) => (
              <CardField key={String(column.key)} label={column.title as ReactNode}>
                {cellOf(column, row, index)}
              </CardField>
            ))}
          </Space>
        </Card>
      ))}
      {table.pager && (
        <Pager
          page={table.pager.page}
          hasPrevious={table.pager.hasPrevious}
          hasNext={!!table.connection?.pageInfo.hasNextPage}
          onPrevious={table.pager.previous}
          onNext={() => table.pager?.next(table.connection?.pageInfo.endCursor)}
        />
      )}
    </Space>
  );
}
