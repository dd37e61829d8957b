import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useUserErrors } from '../../shared/useUserErrors';
import { departmentName } from '../../shared/serverText';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { DepartmentList, UpdateUser } from './queries';
import type { UserRow } from './UsersTable';

const FIELDS = ['name', 'departmentKey'] as const;

interface EditValues {
  name: string;
  departmentKey: string;
}

export function EditUserDrawer({
  user,
  onClose,
  onSaved,
}: {
  user: UserRow | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const [departments] = useQuery({ query: DepartmentList, pause: !user });
  const [{ fetching }, update] = useMutation(UpdateUser);
  const showErrors = useUserErrors(form, FIELDS);

  const submit = async (values: EditValues) => {
    if (!user) return;
    const result = await update({ input: { userId: user.id, ...values } });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const errors = result.data?.updateUser.userErrors ?? [];
    if (errors.length > 0) return showErrors(errors);
    onSaved();
  };

  return (
    <FormDrawer
      title={t('users.editTitle', { name: user?.name ?? '' })}
      open={!!user}
      onClose={onClose}
      width={420}
      form={form}
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={fetching}
      initialValues={user ? { name: user.name, departmentKey: user.department?.key } : undefined}
      unavailable={user ? undefined : null}
    >
      <Form.Item
        name="name"
        label={t('users.name')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="departmentKey" label={t('users.department')}>
        <Select
          options={(departments.data?.departments ?? []).map((d) => ({
            value: d.key,
            label: departmentName(t, d),
          }))}
        />
      </Form.Item>
    </FormDrawer>
  );
}
