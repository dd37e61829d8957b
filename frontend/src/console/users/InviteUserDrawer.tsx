import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useUserErrors } from '../../shared/useUserErrors';
import { departmentName, roleName } from '../../shared/serverText';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useCan } from '../viewer';
import { DepartmentList, InviteUser, RoleOptions } from './queries';

const FIELDS = ['email', 'name', 'departmentKey', 'roleKeys'] as const;

interface InviteValues {
  email: string;
  name: string;
  departmentKey: string;
  roleKeys?: string[];
}

export function InviteUserDrawer({
  open,
  onClose,
  onInvited,
}: {
  open: boolean;
  onClose: () => void;
  onInvited: (email: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<InviteValues>();
  const canReadRoles = useCan('roles', 'read');
  const [departments] = useQuery({ query: DepartmentList, pause: !open });
  const [roles] = useQuery({ query: RoleOptions, pause: !open || !canReadRoles });
  const [{ fetching }, invite] = useMutation(InviteUser);
  const showErrors = useUserErrors(form, FIELDS);

  const submit = async (values: InviteValues) => {
    const roleKeys = values.roleKeys && values.roleKeys.length > 0 ? values.roleKeys : null;
    const result = await invite({ input: { ...values, roleKeys } });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const errors = result.data?.inviteUser.userErrors ?? [];
    if (errors.length > 0) return showErrors(errors);
    form.resetFields();
    onInvited(values.email);
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <FormDrawer
      title={t('users.inviteTitle')}
      open={open}
      onClose={onClose}
      width={420}
      form={form}
      onSubmit={submit}
      submitLabel={t('users.sendInvitation')}
      submitting={fetching}
    >
      <Form.Item name="email" label={t('users.email')} rules={required}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('users.name')} rules={required}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="departmentKey" label={t('users.department')} rules={required}>
        <Select
          loading={departments.fetching}
          options={(departments.data?.departments ?? []).map((d) => ({
            value: d.key,
            label: departmentName(t, d),
          }))}
        />
      </Form.Item>
      {canReadRoles && (
        <Form.Item name="roleKeys" label={t('users.roles')} extra={t('users.rolesHelp')}>
          <Select
            mode="multiple"
            loading={roles.fetching}
            options={(roles.data?.roles ?? []).map((r) => ({
              value: r.key,
              label: roleName(t, r),
            }))}
          />
        </Form.Item>
      )}
    </FormDrawer>
  );
}
