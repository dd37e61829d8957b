import { App, Button, Popconfirm, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { UsersListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { departmentName } from '../../shared/serverText';
import { statusColor } from '../../shared/status';
import { formatDateTime } from '../../shared/format';
import type { useCursorPager } from '../../shared/useCursorPager';
import { useCan, useViewer } from '../viewer';
import { DeactivateUser, ReactivateUser, ResendInvitation } from './queries';

export type UserRow = UsersListQuery['users']['edges'][number]['node'];

interface UsersTableProps {
  users: UsersListQuery['users'] | undefined;
  loading: boolean;
  pager: ReturnType<typeof useCursorPager>;
  onEdit: (user: UserRow) => void;
  onChangeRoles: (user: UserRow) => void;
  onChanged: () => void;
}

function useUserActions(onChanged: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [, resend] = useMutation(ResendInvitation);
  const [, deactivate] = useMutation(DeactivateUser);
  const [, reactivate] = useMutation(ReactivateUser);
  const report = (
    result: { error?: { message: string }; errors: readonly { message: string; code: string }[] },
    done: string,
  ) => {
    const problem = result.error?.message ?? result.errors[0]?.message;
    if (problem)
      void message.error(t(`errors.${result.errors[0]?.code ?? ''}`, { defaultValue: problem }));
    else {
      void message.success(done);
      onChanged();
    }
  };
  return {
    resend: async (user: UserRow) => {
      const r = await resend({ userId: user.id });
      report(
        { error: r.error, errors: r.data?.resendInvitation.userErrors ?? [] },
        t('users.invitationResent'),
      );
    },
    deactivate: async (user: UserRow) => {
      const r = await deactivate({ userId: user.id });
      report(
        { error: r.error, errors: r.data?.deactivateUser.userErrors ?? [] },
        t('users.deactivated'),
      );
    },
    reactivate: async (user: UserRow) => {
      const r = await reactivate({ userId: user.id });
      report(
        { error: r.error, errors: r.data?.reactivateUser.userErrors ?? [] },
        t('users.reactivated'),
      );
    },
  };
}

export function UsersTable({
  users,
  loading,
  pager,
  onEdit,
  onChangeRoles,
  onChanged,
}: UsersTableProps) {
  const { t, i18n } = useTranslation();
  const { tenant, viewer } = useViewer();
  const may = {
    update: useCan('users', 'update'),
    invite: useCan('users', 'invite'),
    deactivate: useCan('users', 'deactivate'),
    assignRoles: useCan('roles', 'write'),
  };
  const actions = useUserActions(onChanged);

  const columns: ColumnsType<UserRow> = [
    { title: t('users.name'), dataIndex: 'name', key: 'name' },
    { title: t('users.email'), dataIndex: 'email', key: 'email' },
    {
      title: t('users.department'),
      key: 'department',
      render: (_, u) => (u.department ? departmentName(t, u.department) : '—'),
    },
    {
      title: t('users.roles'),
      key: 'roles',
      render: (_, u) => u.roles.map((r) => <Tag key={r}>{r}</Tag>),
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, u) => (
        <Tag color={statusColor('user', u.status)}>{t(`users.statuses.${u.status}`)}</Tag>
      ),
    },
    {
      title: t('users.lastLogin'),
      key: 'lastLogin',
      render: (_, u) => formatDateTime(u.lastLoginAt, i18n.language, tenant.timeZone),
    },
  ];
  if (may.update || may.invite || may.deactivate || may.assignRoles) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => {
        const self = u.id === viewer.user?.id;
        return (
          <Space size={0} wrap>
            {may.update && (
              <Button type="link" size="small" onClick={() => onEdit(u)}>
                {t('common.edit')}
              </Button>
            )}
            {may.assignRoles && (
              <Button type="link" size="small" onClick={() => onChangeRoles(u)}>
                {t('users.changeRoles')}
              </Button>
            )}
            {may.invite && u.status === 'INVITED' && (
              <Button type="link" size="small" onClick={() => void actions.resend(u)}>
                {t('users.resend')}
              </Button>
            )}
            {may.deactivate && u.status === 'ACTIVE' && !self && (
              <Popconfirm
                title={t('users.confirmDeactivate', { name: u.name })}
                onConfirm={() => actions.deactivate(u)}
                okText={t('common.yes')}
                cancelText={t('common.no')}
              >
                <Button type="link" size="small" danger>
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            )}
            {may.deactivate && u.status === 'DEACTIVATED' && (
              <Button type="link" size="small" onClick={() => void actions.reactivate(u)}>
                {t('users.reactivate')}
              </Button>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <ConnectionTable<UserRow>
      connection={users}
      loading={loading}
      pager={pager}
      size="middle"
      columns={columns}
      scroll={{ x: 900 }}
      empty={t('users.empty')}
    />
  );
}
