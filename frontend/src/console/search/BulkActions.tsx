import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { BulkAnswer, BulkRow } from './bulk';

const StaffUsers = graphql(`
  query BulkStaffUsers($search: String) {
    users(first: 20, filter: { status: ACTIVE, search: $search }) {
      edges {
        node {
          id
          name
          email
        }
      }
    }
  }
`);

interface RowError {
  code: string;
  message: string;
}

/** One action of the bar: its button, its one form field and how it runs. */
export interface BulkAction {
  key: string;
  label: string;
  field: ReactNode;
  run: (values: Record<string, string>, ids: string[]) => Promise<BulkAnswer | null>;
}

/** A searchable picker of active staff users, for "assign owner". */
export function StaffUserSelect(props: { value?: string; onChange?: (id: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [{ data, fetching }] = useQuery({
    query: StaffUsers,
    variables: { search: search || null },
  });
  return (
    <Select
      aria-label={t('lists.bulk.owner')}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={fetching}
      value={props.value}
      onChange={props.onChange}
      options={(data?.users.edges ?? []).map(({ node }) => ({
        value: node.id,
        label: `${node.name} · ${node.email}`,
      }))}
    />
  );
}

function ResultsModal(props: {
  rows: readonly BulkRow[] | null;
  labelOf: (id: string) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rows = props.rows ?? [];
  const word = (e: RowError) => t(`errors.${e.code}`, { defaultValue: e.message });
  return (
    <Modal
      open={props.rows !== null}
      title={t('lists.bulk.report')}
      onCancel={props.onClose}
      onOk={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Typography.Paragraph data-testid="bulk-summary">
        {t('lists.bulk.done', { ok: rows.filter((r) => r.ok).length, total: rows.length })}
      </Typography.Paragraph>
      <Table<BulkRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...rows]}
        data-testid="bulk-results"
        columns={[
          { title: t('lists.bulk.record'), key: 'record', render: (_, r) => props.labelOf(r.id) },
          {
            title: t('lists.bulk.outcome'),
            key: 'outcome',
            render: (_, r) =>
              r.ok ? (
                <Tag color="green">{t('lists.bulk.rowOk')}</Tag>
              ) : (
                <Typography.Text type="danger">{r.userErrors.map(word).join(' ')}</Typography.Text>
              ),
          },
        ]}
      />
    </Modal>
  );
}

/** The bar over a list with selected rows: how many, the actions, and each action's
 * per-row report when it has run. */
export function BulkActionBar(props: {
  selected: string[];
  actions: BulkAction[];
  labelOf: (id: string) => string;
  onClear: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string>>();
  const [open, setOpen] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<readonly BulkRow[] | null>(null);
  const word = (e: RowError) => t(`errors.${e.code}`, { defaultValue: e.message });

  const run = async (values: Record<string, string>) => {
    if (!open) return;
    setBusy(true);
    const answer = await open.run(values, props.selected);
    setBusy(false);
    if (!answer) return void message.error(t('states.networkError'));
    if (!answer.results) return void message.error(answer.userErrors.map(word).join(' '));
    setOpen(null);
    form.resetFields();
    setReport(answer.results);
    props.onDone();
  };

  if (props.selected.length === 0 && report === null) return null;
  return (
    <>
      {props.selected.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="bulk-bar">
          <Typography.Text strong>
            {t('lists.bulk.selected', { count: props.selected.length })}
          </Typography.Text>
          {props.actions.map((action) => (
            <Button key={action.key} onClick={() => setOpen(action)}>
              {action.label}
            </Button>
          ))}
          <Button type="link" onClick={props.onClear}>
            {t('lists.bulk.clear')}
          </Button>
        </Space>
      )}
      <Modal
        open={open !== null}
        title={open?.label}
        destroyOnClose
        okText={t('lists.bulk.apply')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
      >
        <Form form={form} layout="vertical" onFinish={(values) => void run(values)}>
          {open?.field}
          <button type="submit" hidden />
        </Form>
      </Modal>
      <ResultsModal rows={report} labelOf={props.labelOf} onClose={() => setReport(null)} />
    </>
  );
}

/** The tag field of "add tag". */
export function TagField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="tag" label={t('lists.bulk.tag')} rules={[{ required: true, message: '' }]}>
      <Input maxLength={40} />
    </Form.Item>
  );
}

/** The owner field of "assign owner". */
export function OwnerField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="owner" label={t('lists.bulk.owner')} rules={[{ required: true, message: '' }]}>
      <StaffUserSelect />
    </Form.Item>
  );
}
