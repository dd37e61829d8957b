import { UserAddOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { UserStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { departmentName } from '../../shared/serverText';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { useCursorPager } from '../../shared/useCursorPager';
import { ChangeRolesModal } from './ChangeRolesModal';
import { EditUserDrawer } from './EditUserDrawer';
import { InviteUserDrawer } from './InviteUserDrawer';
import { DepartmentList, UsersList } from './queries';
import { UsersTable, type UserRow } from './UsersTable';
import { useCan } from '../viewer';

const PAGE_SIZE = 25;
const STATUSES: UserStatus[] = ['ACTIVE', 'INVITED', 'DEACTIVATED'];

interface Filter {
  search?: string;
  status?: UserStatus;
  departmentKey?: string;
}

function UsersTab({ filter, setFilter }: { filter: Filter; setFilter: (f: Filter) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canInvite = useCan('users', 'invite');
  const pager = useCursorPager();
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [changingRoles, setChangingRoles] = useState<UserRow | null>(null);
  const [departments] = useQuery({ query: DepartmentList });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UsersList,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const { reset } = pager;
  useEffect(() => reset(), [filter, reset]);
  const applyFilter = (next: Filter) => setFilter(next);

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          allowClear
          onSearch={(search) => applyFilter({ ...filter, search: search || undefined })}
          style={{ width: 260 }}
        />
        <Select
          aria-label={t('users.status')}
          placeholder={t('users.status')}
          allowClear
          style={{ width: 160 }}
          value={filter.status}
          onChange={(status?: UserStatus) => applyFilter({ ...filter, status })}
          options={STATUSES.map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))}
        />
        <Select
          aria-label={t('users.department')}
          placeholder={t('users.department')}
          allowClear
          style={{ width: 180 }}
          value={filter.departmentKey}
          onChange={(departmentKey?: string) => applyFilter({ ...filter, departmentKey })}
          options={(departments.data?.departments ?? []).map((d) => ({
            value: d.key,
            label: departmentName(t, d),
          }))}
        />
        {canInvite && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)}>
            {t('users.invite')}
          </Button>
        )}
      </Space>
      <UsersTable
        users={data?.users}
        loading={fetching}
        pager={pager}
        onEdit={setEditing}
        onChangeRoles={setChangingRoles}
        onChanged={reload}
      />
      <InviteUserDrawer
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={(email) => {
          setInviting(false);
          void message.success(t('users.invited', { email }));
          reload();
        }}
      />
      <EditUserDrawer
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <ChangeRolesModal
        subject={changingRoles}
        onClose={() => setChangingRoles(null)}
        onSaved={() => {
          setChangingRoles(null);
          void message.success(t('users.rolesChanged'));
          reload();
        }}
      />
    </>
  );
}

function DepartmentsTab({ onShowMembers }: { onShowMembers: (key: string) => void }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: DepartmentList });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <ConnectionTable
      rows={data?.departments ?? []}
      loading={fetching}
      columns={[
        { title: t('departments.name'), key: 'name', render: (_, d) => departmentName(t, d) },
        { title: t('departments.key'), dataIndex: 'key', key: 'key' },
        {
          title: t('common.actions'),
          key: 'members',
          render: (_, d) => (
            <Button type="link" onClick={() => onShowMembers(d.key)}>
              {t('departments.showMembers')}
            </Button>
          ),
        },
      ]}
    />
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const canRead = useCan('users', 'read');
  const [tab, setTab] = useState('users');
  const [filter, setFilter] = useState<Filter>({});
  if (!canRead) return <ForbiddenState />;
  return (
    <>
      <PageHeader title={t('users.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'users',
            label: t('users.tabUsers'),
            children: <UsersTab filter={filter} setFilter={setFilter} />,
          },
          {
            key: 'departments',
            label: t('users.tabDepartments'),
            children: (
              <DepartmentsTab
                onShowMembers={(departmentKey) => {
                  setFilter({ departmentKey });
                  setTab('users');
                }}
              />
            ),
          },
        ]}
      />
    </>
  );
}
