import { Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
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
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: EditValues) => {
    if (!user) return;
    setGeneral([]);
    const result = await update({ input: { userId: user.id, ...values } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateUser.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  return (
    <Drawer
      title={t('users.editTitle', { name: user?.name ?? '' })}
      open={!!user}
      onClose={onClose}
      width={420}
      destroyOnClose
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={fetching} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormAlerts messages={general} />
      {user && (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          initialValues={{ name: user.name, departmentKey: user.department?.key }}
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
                label: d.name,
              }))}
            />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      )}
    </Drawer>
  );
}
