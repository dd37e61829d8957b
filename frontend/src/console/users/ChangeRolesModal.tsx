import { Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useUserErrors } from '../../shared/useUserErrors';
import { roleName } from '../../shared/serverText';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { AssignRoles, RoleOptions } from './queries';

const FIELDS = ['roleKeys'] as const;

export interface RoleSubject {
  id: string;
  name: string;
  roles: readonly string[];
}

/** Replace the roles of a user or API client (assignRoles). */
export function ChangeRolesModal({
  subject,
  onClose,
  onSaved,
}: {
  subject: RoleSubject | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ roleKeys: string[] }>();
  const [roles] = useQuery({ query: RoleOptions, pause: !subject });
  const [{ fetching }, assign] = useMutation(AssignRoles);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async ({ roleKeys }: { roleKeys: string[] }) => {
    if (!subject) return;
    setGeneral([]);
    const result = await assign({ input: { subjectId: subject.id, roleKeys } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.assignRoles.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  return (
    <Modal
      title={t('users.changeRolesTitle', { name: subject?.name ?? '' })}
      open={!!subject}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
      destroyOnClose
    >
      <FormAlerts messages={general} />
      {subject && (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ roleKeys: [...subject.roles] }}
        >
          <Form.Item
            name="roleKeys"
            label={t('users.roles')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select
              mode="multiple"
              data-testid="role-select"
              loading={roles.fetching}
              options={(roles.data?.roles ?? []).map((r) => ({
                value: r.key,
                label: `${roleName(t, r)} (${r.key})`,
              }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
