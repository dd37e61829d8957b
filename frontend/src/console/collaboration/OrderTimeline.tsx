import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Timeline, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { OrderConversationQuery } from '../../gql/graphql';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import type { UserErrorLike } from '../../shared/userErrors';
import type { OrderPanelProps, TimelineStatusChange } from '../orders/panelProps';
import { useCan, useViewer } from '../viewer';
import { CommentComposer } from './CommentComposer';
import {
  AddOrderComment,
  DeleteOrderComment,
  EditOrderComment,
  FollowOrder,
  OrderConversation,
  UnfollowOrder,
} from './queries';
import { mergeTimeline } from './timeline';

type Conversation = Extract<NonNullable<OrderConversationQuery['node']>, { __typename: 'Order' }>;
type Comment = Conversation['comments'][number];

/**
 * The order's story in one column, newest last: its status history (from the detail page) and
 * its comments, with a composer (@mentions), editing and deleting one's own comments, and
 * following the order.
 */
export function OrderTimeline({
  orderId,
  orderVersion,
  history,
}: OrderPanelProps & { history: TimelineStatusChange[] }) {
  const { t } = useTranslation();
  const canComment = useCan('comments', 'write');
  const [result, refetch] = useQuery({ query: OrderConversation, variables: { id: orderId } });
  const reload = useMemo(() => () => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [, addComment] = useMutation(AddOrderComment);
  const firstVersion = useRef(orderVersion);

  useEffect(() => {
    if (orderVersion !== firstVersion.current) reload();
  }, [orderVersion, reload]);

  const node = result.data?.node;
  const conversation: Conversation | null = node?.__typename === 'Order' ? node : null;
  const entries = useMemo(
    () => mergeTimeline(history, conversation?.comments ?? []),
    [history, conversation],
  );

  if (result.error && !result.data) return <ErrorState error={result.error} onRetry={reload} />;
  if (!conversation) return <LoadingState />;

  const post = async (
    body: string,
    mentionedUserIds: string[],
  ): Promise<readonly UserErrorLike[]> => {
    const outcome = await addComment({ input: { orderId, body, mentionedUserIds } });
    const errors = outcome.data?.addOrderComment.userErrors ?? [];
    if (outcome.error) return [{ code: 'ERROR', message: outcome.error.message }];
    if (errors.length === 0) reload();
    return errors;
  };

  return (
    <Card
      data-testid="order-timeline"
      size="small"
      style={{ marginBottom: 16 }}
      title={t('collaboration.title')}
      extra={<FollowButton orderId={orderId} conversation={conversation} onChanged={reload} />}
    >
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('collaboration.empty')}</Typography.Text>
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.key,
            color: entry.kind === 'status' ? 'blue' : 'gray',
            children:
              entry.kind === 'status' ? (
                <StatusEntry change={entry.change} />
              ) : (
                <CommentEntry comment={entry.comment} onChanged={reload} />
              ),
          }))}
        />
      )}
      {canComment && <CommentComposer onSubmit={post} submitLabel={t('collaboration.post')} />}
    </Card>
  );
}

function StatusEntry({ change }: { change: TimelineStatusChange }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const status = (value: string) => t(`collaboration.status.${value}`, { defaultValue: value });
  const title = change.fromStatus
    ? t('collaboration.statusChange', {
        from: status(change.fromStatus),
        to: status(change.toStatus),
      })
    : t('collaboration.created', { to: status(change.toStatus) });
  return (
    <div data-testid="timeline-status">
      <Typography.Text strong>{title}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {t('collaboration.by', { who: change.actorLabel ?? t('collaboration.system') })} ·{' '}
        {formatDateTime(change.createdAt, i18n.language, tenant.timeZone)}
      </Typography.Text>
      {change.note && <div>{change.note}</div>}
    </div>
  );
}

function CommentEntry({ comment, onChanged }: { comment: Comment; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [, editComment] = useMutation(EditOrderComment);
  const [{ fetching: deleting }, deleteComment] = useMutation(DeleteOrderComment);
  const canComment = useCan('comments', 'write');
  const mayChange = canComment && comment.viewerIsAuthor && !comment.deleted;

  const save = async (
    body: string,
    mentionedUserIds: string[],
  ): Promise<readonly UserErrorLike[]> => {
    const outcome = await editComment({ input: { commentId: comment.id, body, mentionedUserIds } });
    if (outcome.error) return [{ code: 'ERROR', message: outcome.error.message }];
    const errors = outcome.data?.editOrderComment.userErrors ?? [];
    if (errors.length === 0) {
      setEditing(false);
      void message.success(t('collaboration.saved'));
      onChanged();
    }
    return errors;
  };

  const remove = async () => {
    const outcome = await deleteComment({ input: { commentId: comment.id } });
    const problem = outcome.data?.deleteOrderComment.userErrors[0];
    if (outcome.error || problem) {
      return void message.error(
        problem
          ? t(`errors.${problem.code}`, { defaultValue: problem.message })
          : outcome.error?.message,
      );
    }
    void message.success(t('collaboration.commentDeleted'));
    onChanged();
  };

  const author = comment.author?.name ?? t('collaboration.unknownAuthor');
  return (
    <div data-testid="timeline-comment">
      <Space size="small" wrap>
        <Typography.Text strong>{t('collaboration.commented', { name: author })}</Typography.Text>
        <Typography.Text type="secondary">
          {formatDateTime(comment.createdAt, i18n.language, tenant.timeZone)}
        </Typography.Text>
        {comment.editedAt && !comment.deleted && (
          <Typography.Text type="secondary">{t('collaboration.edited')}</Typography.Text>
        )}
        {mayChange && !editing && (
          <>
            <Button
              size="small"
              type="text"
              icon={<EditOutlined />}
              aria-label={t('collaboration.editComment')}
              onClick={() => setEditing(true)}
            />
            <Popconfirm
              title={t('collaboration.confirmDelete')}
              onConfirm={remove}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
            >
              <Button
                size="small"
                type="text"
                danger
                loading={deleting}
                icon={<DeleteOutlined />}
                aria-label={t('collaboration.deleteComment')}
              />
            </Popconfirm>
          </>
        )}
      </Space>
      {comment.deleted ? (
        <div>
          <Typography.Text type="secondary" italic>
            {t('collaboration.deleted')}
          </Typography.Text>
        </div>
      ) : editing ? (
        <CommentComposer
          onSubmit={save}
          submitLabel={t('common.save')}
          initialBody={comment.body}
          initialMentions={comment.mentions.map((m) => ({ id: m.userId, name: m.name }))}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{comment.body}</div>
      )}
    </div>
  );
}

function FollowButton({
  orderId,
  conversation,
  onChanged,
}: {
  orderId: string;
  conversation: Conversation;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ fetching: following }, follow] = useMutation(FollowOrder);
  const [{ fetching: unfollowing }, unfollow] = useMutation(UnfollowOrder);
  const names = conversation.followers.map((f) => f.name);

  const toggle = async () => {
    const input = { input: { orderId } };
    const outcome = conversation.viewerIsFollowing ? await unfollow(input) : await follow(input);
    if (outcome.error) return void message.error(outcome.error.message);
    void message.success(
      t(
        conversation.viewerIsFollowing
          ? 'collaboration.notFollowing'
          : 'collaboration.nowFollowing',
      ),
    );
    onChanged();
  };

  return (
    <Space>
      <Tooltip title={names.length ? names.join(', ') : t('collaboration.noFollowers')}>
        <Typography.Text type="secondary" data-testid="follower-count">
          {t('collaboration.followers', { count: names.length })}
        </Typography.Text>
      </Tooltip>
      <Tooltip title={t('collaboration.followHelp')}>
        <Button
          size="small"
          data-testid="follow-toggle"
          loading={following || unfollowing}
          onClick={toggle}
        >
          {conversation.viewerIsFollowing ? t('collaboration.unfollow') : t('collaboration.follow')}
        </Button>
      </Tooltip>
    </Space>
  );
}
