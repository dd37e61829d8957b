import { Button, Form, Mentions, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import type { UserErrorLike } from '../../shared/userErrors';
import { useUserErrors } from '../../shared/useUserErrors';
import { useCan } from '../viewer';
import { MentionableUsers } from './queries';
import { mentionedIds, type MentionCandidate } from './timeline';

const FORM_FIELDS = ['body'] as const;
const BODY_MAX = 4000;

interface Props {
  /** Posts or saves the comment; resolves to the API's userErrors (empty on success). */
  onSubmit: (body: string, mentionedUserIds: string[]) => Promise<readonly UserErrorLike[]>;
  submitLabel: string;
  initialBody?: string;
  initialMentions?: readonly MentionCandidate[];
  onCancel?: () => void;
}

/** A comment box with @mention autocomplete over the company's active users. */
export function CommentComposer({
  onSubmit,
  submitLabel,
  initialBody = '',
  initialMentions = [],
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ body: string }>();
  const showErrors = useUserErrors(form, FORM_FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<MentionCandidate[]>([...initialMentions]);
  const [saving, setSaving] = useState(false);
  const canListUsers = useCan('users', 'read');
  const [users] = useQuery({
    query: MentionableUsers,
    variables: { search: search || null },
    pause: !canListUsers,
  });

  const candidates = useMemo(() => users.data?.users.edges.map((e) => e.node) ?? [], [users.data]);

  const submit = async ({ body }: { body: string }) => {
    setSaving(true);
    try {
      const errors = await onSubmit(body, mentionedIds(body, picked));
      setGeneral(showErrors(errors));
      if (errors.length === 0 && !onCancel) {
        form.resetFields();
        setPicked([]);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ body: initialBody }} onFinish={submit}>
      <FormAlerts messages={general} />
      <Form.Item
        name="body"
        label={t('collaboration.composerLabel')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Mentions
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={BODY_MAX}
          placeholder={t('collaboration.composerPlaceholder')}
          loading={users.fetching}
          onSearch={(text) => setSearch(text)}
          onSelect={(option) => {
            const user = candidates.find((c) => c.name === option.value);
            if (user) setPicked((current) => [...current, { id: user.id, name: user.name }]);
          }}
          options={candidates.map((user) => ({
            key: user.id,
            value: user.name,
            label: `${user.name} (${user.email})`,
          }))}
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}
