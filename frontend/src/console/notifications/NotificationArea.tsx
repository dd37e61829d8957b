import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, List, Switch, Space, Typography } from 'antd';
import { NotificationPreferences } from './NotificationPreferences';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useEscapeToClose } from '../../shared/useEscapeToClose';
import { useViewer } from '../viewer';

const UnreadCount = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

const NotificationList = graphql(`
  query NotificationList($first: Int, $unreadOnly: Boolean!) {
    notifications(first: $first, unreadOnly: $unreadOnly) {
      edges {
        node {
          id
          kind
          title
          body
          link
          read
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MarkRead = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      markedCount
      unreadCount
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const POLL_MS = 30_000;

/** The bell in the header: unread count, and the inbox in a drawer. */
export function NotificationArea() {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [count, refetchCount] = useQuery({ query: UnreadCount });
  const [list, refetchList] = useQuery({
    query: NotificationList,
    variables: { first: 30, unreadOnly },
    pause: !open,
  });
  const [, markRead] = useMutation(MarkRead);

  useEffect(() => {
    const timer = setInterval(() => refetchCount({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [refetchCount]);

  const refresh = () => {
    refetchCount({ requestPolicy: 'network-only' });
    refetchList({ requestPolicy: 'network-only' });
  };
  const unread = count.data?.unreadNotificationCount ?? 0;
  const items = list.data?.notifications.edges.map((e) => e.node) ?? [];
  const close = useCallback(() => setOpen(false), []);
  useEscapeToClose(open, close);

  return (
    <>
      <Badge count={unread} size="small">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.open', { count: unread })}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        title={t('notifications.title')}
        open={open}
        onClose={close}
        width={400}
        extra={
          <Button
            size="small"
            disabled={unread === 0}
            onClick={async () => {
              await markRead({ input: { all: true } });
              refresh();
            }}
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      >
        <Button
          type="link"
          style={{ paddingInline: 0, marginBottom: 8 }}
          onClick={() => setSettingsOpen((shown) => !shown)}
        >
          {settingsOpen ? t('notificationPreferences.back') : t('notificationPreferences.open')}
        </Button>
        {settingsOpen ? (
          <NotificationPreferences />
        ) : (
          <>
            <Space style={{ marginBottom: 12 }}>
              <Switch
                checked={unreadOnly}
                onChange={setUnreadOnly}
                aria-label={t('notifications.unreadOnly')}
              />
              <span>{t('notifications.unreadOnly')}</span>
            </Space>
            {list.error && !list.data ? (
              <ErrorState error={list.error} onRetry={refresh} />
            ) : (
              <List
                loading={list.fetching}
                dataSource={items}
                locale={{ emptyText: t('notifications.empty') }}
                renderItem={(n) => (
                  <List.Item
                    actions={[
                      !n.read && (
                        <Button
                          key="read"
                          type="link"
                          size="small"
                          onClick={async () => {
                            await markRead({ input: { ids: [n.id] } });
                            refresh();
                          }}
                        >
                          {t('notifications.markRead')}
                        </Button>
                      ),
                      n.link && (
                        <Button
                          key="open"
                          type="link"
                          size="small"
                          onClick={() => {
                            setOpen(false);
                            navigate(n.link!);
                          }}
                        >
                          {t('notifications.go')}
                        </Button>
                      ),
                    ].filter(Boolean)}
                  >
                    <List.Item.Meta
                      title={<Typography.Text strong={!n.read}>{n.title}</Typography.Text>}
                      description={
                        <>
                          <div>{n.body}</div>
                          <Typography.Text type="secondary">
                            {formatDateTime(n.createdAt, i18n.language, tenant.timeZone)}
                          </Typography.Text>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Drawer>
    </>
  );
}
