import {
  DndContext,
  type Announcements,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { UnorderedListOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useClient, useMutation, useQuery } from 'urql';
import type { BoardCardFragment, OrderStatus } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { useCan } from '../viewer';
import { MoveOrderOnBoard, OrderBoard, OrderBoardColumn } from './queries';
import { STATUS_COLOURS, moveItem, neighbours, transitionInto } from './status';
import { useOrderTransition } from './useOrderTransition';
import { ShippedInPart } from './ShippingProgress';
import { BoardScroller } from './BoardScroller';
import { orderPath } from '../links';

const PAGE_SIZE = 25;
const COLUMN_PREFIX = 'column:';

interface Column {
  status: OrderStatus;
  cards: BoardCardFragment[];
  hasMore: boolean;
  endCursor: string | null;
}

function CardBody({ card }: { card: BoardCardFragment }) {
  const { i18n } = useTranslation();
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 8 } }}>
      <Flex justify="space-between" align="center" gap={4}>
        <Typography.Text strong>{card.number}</Typography.Text>
        {card.priority === 'URGENT' && (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('orders.priorities.URGENT')}
          </Tag>
        )}
      </Flex>
      <div>
        <Typography.Text type="secondary" ellipsis>
          {card.customer?.name ?? '—'}
        </Typography.Text>
      </div>
      <div>{formatMoney(card.total, i18n.language)}</div>
      <ShippedInPart progress={card.shippingProgress} />
    </Card>
  );
}

function SortableCard({
  card,
  onOpen,
}: {
  card: BoardCardFragment;
  onOpen: (number: string) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { status: card.status },
  });
  return (
    <div
      ref={setNodeRef}
      data-testid="board-card"
      data-order-number={card.number}
      data-status={card.status}
      style={{
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        transition,
        opacity: isDragging ? 0.4 : 1,
        cursor: 'grab',
        touchAction: 'none',
      }}
      onDoubleClick={() => onOpen(card.number)}
      {...attributes}
      {...listeners}
    >
      <CardBody card={card} />
    </div>
  );
}

function BoardColumn({
  column,
  onOpen,
  onMore,
  loadingMore,
}: {
  column: Column;
  onOpen: (number: string) => void;
  onMore: (status: OrderStatus) => void;
  loadingMore: boolean;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `${COLUMN_PREFIX}${column.status}` });
  return (
    <div
      ref={setNodeRef}
      data-testid={`board-column-${column.status}`}
      role="region"
      aria-label={t(`orders.statuses.${column.status}`)}
      style={{
        flex: '0 0 200px',
        background: isOver ? '#e6f0ff' : '#ffffff',
        border: '1px solid #e5e7eb',
        borderRadius: 8,
        padding: 8,
        minHeight: 400,
      }}
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Badge
          color={STATUS_COLOURS[column.status] === 'default' ? 'gray' : undefined}
          status={STATUS_COLOURS[column.status] === 'default' ? undefined : 'processing'}
          text={<Typography.Text strong>{t(`orders.statuses.${column.status}`)}</Typography.Text>}
        />
        <Typography.Text type="secondary">
          {column.cards.length}
          {column.hasMore ? '+' : ''}
        </Typography.Text>
      </Flex>
      <SortableContext
        id={column.status}
        items={column.cards.map((c) => c.id)}
        strategy={verticalListSortingStrategy}
      >
        {column.cards.map((card) => (
          <SortableCard key={card.id} card={card} onOpen={onOpen} />
        ))}
      </SortableContext>
      {column.hasMore && (
        <Button size="small" block loading={loadingMore} onClick={() => onMore(column.status)}>
          {t('orders.board.loadMore')}
        </Button>
      )}
    </div>
  );
}

export default function OrderBoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useClient();
  const canRead = useCan('orders', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrderBoard,
    variables: { first: PAGE_SIZE },
    pause: !canRead,
    requestPolicy: 'network-only',
  });
  const [, move] = useMutation(MoveOrderOnBoard);
  const { run, dialog } = useOrderTransition();
  const [columns, setColumns] = useState<Column[]>([]);
  const [dragged, setDragged] = useState<BoardCardFragment | null>(null);
  const [loadingMore, setLoadingMore] = useState<OrderStatus | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  // Each fetch of the board starts the columns afresh; drags and "load more" change them after.
  const [boardShown, setBoardShown] = useState<typeof data>(undefined);
  if (data && data !== boardShown) {
    setBoardShown(data);
    setColumns(
      data.orderBoard.map((c) => ({
        status: c.status,
        cards: c.orders.edges.map((e) => e.node),
        hasMore: c.orders.pageInfo.hasNextPage,
        endCursor: c.orders.pageInfo.endCursor ?? null,
      })),
    );
  }

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data && fetching) return <LoadingState />;

  const statusOf = (id: string): OrderStatus | undefined => {
    if (id.startsWith(COLUMN_PREFIX)) return id.slice(COLUMN_PREFIX.length) as OrderStatus;
    return columns.find((c) => c.cards.some((card) => card.id === id))?.status;
  };
  const cardOf = (id: string) => columns.flatMap((c) => c.cards).find((c) => c.id === id);

  const loadMore = async (status: OrderStatus) => {
    const column = columns.find((c) => c.status === status);
    if (!column?.endCursor) return;
    setLoadingMore(status);
    const result = await client
      .query(
        OrderBoardColumn,
        { status, first: PAGE_SIZE, after: column.endCursor },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    setLoadingMore(null);
    const page = result.data?.orderBoardColumn;
    if (!page) return void message.error(result.error?.message ?? t('states.networkError'));
    setColumns((current) =>
      current.map((c) =>
        c.status === status
          ? {
              ...c,
              cards: [...c.cards, ...page.edges.map((e) => e.node)],
              hasMore: page.pageInfo.hasNextPage,
              endCursor: page.pageInfo.endCursor ?? null,
            }
          : c,
      ),
    );
  };

  const reorder = async (status: OrderStatus, activeId: string, overId: string) => {
    const column = columns.find((c) => c.status === status);
    if (!column) return;
    const ids = column.cards.map((c) => c.id);
    const from = ids.indexOf(activeId);
    const to = overId.startsWith(COLUMN_PREFIX) ? ids.length - 1 : ids.indexOf(overId);
    if (from < 0 || to < 0 || from === to) return;
    const cards = moveItem(column.cards, from, to);
    const before = columns;
    setColumns((current) => current.map((c) => (c.status === status ? { ...c, cards } : c)));
    const result = await move({
      input: {
        orderId: activeId,
        ...neighbours(
          cards.map((c) => c.id),
          activeId,
        ),
      },
    });
    const problems = result.data?.moveOrderOnBoard.userErrors ?? [];
    if (result.error || problems.length > 0) {
      setColumns(before);
      message.error(problems[0]?.message ?? result.error?.message ?? t('states.networkError'));
    }
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setDragged(null);
    if (!over) return;
    const activeId = String(active.id);
    const from = statusOf(activeId);
    const to = statusOf(String(over.id));
    const card = cardOf(activeId);
    if (!from || !to || !card) return;
    if (from === to) return void reorder(from, activeId, String(over.id));
    const transition = transitionInto(card.availableTransitions, to);
    if (!transition) {
      message.warning(
        t('orders.board.notAllowed', { number: card.number, status: t(`orders.statuses.${to}`) }),
      );
      return;
    }
    if (await run(card.id, card.version, transition)) reload();
  };

  const describe = (id: string) => {
    const card = cardOf(id);
    if (!card) return '';
    const status = t(`orders.statuses.${card.status}`);
    const customer = card.customer?.name ?? '—';
    return t('consoleLayout.board.card', { number: card.number, customer, status });
  };
  const place = (id: string) =>
    id.startsWith(COLUMN_PREFIX)
      ? t('consoleLayout.board.column', { status: t(`orders.statuses.${statusOf(id)}`) })
      : describe(id);
  // dnd-kit would read out the cards' ids (base64 global ids): say the order instead.
  const accessibility = {
    screenReaderInstructions: { draggable: t('consoleLayout.board.instructions') },
    announcements: {
      onDragStart: ({ active }) =>
        t('consoleLayout.board.pickedUp', { card: describe(`${active.id}`) }),
      onDragOver: ({ active, over }) => {
        if (over?.id === active.id) return undefined; // still where it was picked up
        return over
          ? t('consoleLayout.board.over', {
              card: describe(`${active.id}`),
              place: place(`${over.id}`),
            })
          : t('consoleLayout.board.notOver', { card: describe(`${active.id}`) });
      },
      onDragEnd: ({ active, over }) =>
        over
          ? t('consoleLayout.board.dropped', {
              card: describe(`${active.id}`),
              place: place(`${over.id}`),
            })
          : t('consoleLayout.board.droppedNowhere', { card: describe(`${active.id}`) }),
      onDragCancel: ({ active }) =>
        t('consoleLayout.board.cancelled', { card: describe(`${active.id}`) }),
    } satisfies Announcements,
  };

  return (
    <>
      <PageHeader
        title={t('orders.board.title')}
        extra={
          <Button icon={<UnorderedListOutlined />} onClick={() => navigate('/orders')}>
            {t('nav.orders')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('orders.board.hint')}</Typography.Paragraph>
      <DndContext
        accessibility={accessibility}
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={({ active }: DragStartEvent) => setDragged(cardOf(String(active.id)) ?? null)}
        onDragCancel={() => setDragged(null)}
        onDragEnd={(event) => void onDragEnd(event)}
      >
        <BoardScroller>
          {columns.map((column) => (
            <BoardColumn
              key={column.status}
              column={column}
              loadingMore={loadingMore === column.status}
              onOpen={(number) => navigate(orderPath(number))}
              onMore={(status) => void loadMore(status)}
            />
          ))}
        </BoardScroller>
        <DragOverlay>{dragged ? <CardBody card={dragged} /> : null}</DragOverlay>
      </DndContext>
      {dialog}
    </>
  );
}
