import { Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { DataScope, RolesListQuery } from '../../gql/graphql';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { grantsOf, permissionInputs, type CatalogResource, type Grants } from './matrix';
import { PermissionMatrix } from './PermissionMatrix';
import { CreateRole, UpdateRole } from './queries';

export type RoleRow = RolesListQuery['roles'][number];
const DATA_SCOPES: DataScope[] = ['OWN', 'DEPARTMENT', 'ALL'];
const FIELDS = ['key', 'name', 'description', 'dataScope', 'permissions'] as const;

interface RoleValues {
  key: string;
  name: string;
  description: string;
  dataScope: DataScope;
}

interface RoleEditorProps {
  /** The role to edit, `'new'` to create one, null when closed. */
  role: RoleRow | 'new' | null;
  catalog: readonly CatalogResource[];
  readOnly: boolean;
  onClose: () => void;
  onSaved: () => void;
}

export function RoleEditor({ role, catalog, readOnly, onClose, onSaved }: RoleEditorProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleValues>();
  const existing = role !== 'new' ? role : null;
  const [grants, setGrants] = useState<Grants>(() => grantsOf(existing?.permissions ?? []));
  const [create, createRole] = useMutation(CreateRole);
  const [update, updateRole] = useMutation(UpdateRole);
  const showErrors = useUserErrors(form, FIELDS);

  const submit = async (values: RoleValues) => {
    const permissions = permissionInputs(grants, catalog);
    const result = existing
      ? await updateRole({
          input: {
            roleId: existing.id,
            name: values.name,
            description: values.description,
            dataScope: values.dataScope,
            permissions,
          },
        })
      : await createRole({ input: { ...values, permissions } });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const data = result.data;
    const errors =
      data && 'updateRole' in data
        ? data.updateRole.userErrors
        : data && 'createRole' in data
          ? data.createRole.userErrors
          : [];
    if (errors.length > 0) return showErrors(errors);
    onSaved();
  };

  const title = existing ? t('roles.editTitle', { name: existing.name }) : t('roles.newTitle');
  return (
    <FormDrawer
      title={title}
      open={role !== null}
      onClose={onClose}
      width={760}
      form={form}
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={create.fetching || update.fetching}
      readOnly={readOnly}
      initialValues={{
        key: existing?.key ?? '',
        name: existing?.name ?? '',
        description: existing?.description ?? '',
        dataScope: existing?.dataScope ?? 'OWN',
      }}
    >
      <Space wrap align="start">
        <Form.Item
          name="key"
          label={t('roles.key')}
          rules={[{ required: true, message: t('validation.required') }]}
          extra={t('roles.keyHelp')}
        >
          <Input disabled={!!existing || readOnly} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('roles.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="dataScope" label={t('roles.dataScope')} extra={t('roles.dataScopeHelp')}>
          <Select
            style={{ width: 200 }}
            options={DATA_SCOPES.map((s) => ({ value: s, label: t(`roles.scope.${s}`) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('roles.description')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="permissions" label={t('roles.permissions')}>
        <Typography.Text type="secondary">{t('roles.matrixHelp')}</Typography.Text>
      </Form.Item>
      <PermissionMatrix
        catalog={catalog}
        grants={grants}
        readOnly={readOnly}
        onChange={setGrants}
      />
    </FormDrawer>
  );
}
