import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { roleDescription, roleName } from '../../shared/serverText';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatNumber } from '../../shared/format';
import { useCan } from '../viewer';
import { DeleteRole, RolesList } from './queries';
import { RoleEditor, type RoleRow } from './RoleEditor';

export default function RolesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canRead = useCan('roles', 'read');
  const canWrite = useCan('roles', 'write');
  const [{ data, error, fetching }, refetch] = useQuery({ query: RolesList, pause: !canRead });
  const [, deleteRole] = useMutation(DeleteRole);
  const [editing, setEditing] = useState<RoleRow | 'new' | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;

  const remove = async (role: RoleRow) => {
    const result = await deleteRole({ roleId: role.id });
    const problem = result.data?.deleteRole.userErrors[0];
    if (result.error || problem) {
      void message.error(
        problem
          ? t(`errors.${problem.code}`, { defaultValue: problem.message })
          : result.error?.message,
      );
      return;
    }
    void message.success(t('roles.deleted', { name: roleName(t, role) }));
    reload();
  };

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('roles.new')}
            </Button>
          )
        }
      />
      <ConnectionTable<RoleRow>
        rows={data?.roles ?? []}
        loading={fetching}
        columns={[
          {
            title: t('roles.name'),
            key: 'name',
            render: (_, r) => (
              <Space>
                {roleName(t, r)}
                {r.isSystem && <Tag>{t('roles.system')}</Tag>}
              </Space>
            ),
          },
          { title: t('roles.key'), dataIndex: 'key', key: 'key' },
          {
            title: t('roles.description'),
            key: 'description',
            render: (_, r) => roleDescription(t, r),
          },
          {
            title: t('roles.dataScope'),
            key: 'scope',
            render: (_, r) => t(`roles.scope.${r.dataScope}`),
          },
          {
            title: t('roles.permissionCount'),
            key: 'perms',
            render: (_, r) => formatNumber(r.permissions.length, i18n.language),
          },
          {
            title: t('roles.members'),
            key: 'members',
            render: (_, r) => formatNumber(r.memberCount, i18n.language),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(r)}>
                  {canWrite ? t('common.edit') : t('common.view')}
                </Button>
                {canWrite && !r.isSystem && (
                  <Popconfirm
                    title={t('roles.confirmDelete', { name: roleName(t, r) })}
                    onConfirm={() => remove(r)}
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                  >
                    <Button type="link" size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <RoleEditor
          role={editing}
          catalog={data?.permissionCatalog ?? []}
          readOnly={!canWrite}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('roles.saved'));
            reload();
          }}
        />
      )}
    </>
  );
}
