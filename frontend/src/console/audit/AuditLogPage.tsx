import { Button, Checkbox, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AuditLogQuery, AuditSubjectPage } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { ExportButton } from '../exports/ExportButton';
import { useCan, useViewer } from '../viewer';
import {
  auditFilterParams,
  dayOf,
  periodOf,
  readAuditFilters,
  toAuditLogFilter,
  type AuditUrlFilters,
} from './auditFilters';
import { customerPath } from '../links';

const AuditLog = graphql(`
  query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          actorKind
          actorName
          action
          targetType
          targetId
          subject {
            label
            page
            pageId
          }
          changes
          requestId
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const AuditActions = graphql(`
  query AuditActions {
    auditActions {
      code
      routine
    }
  }
`);

type AuditRow = AuditLogQuery['auditLog']['edges'][number]['node'];

interface FilterValues {
  action?: string | null;
  targetType?: string;
  targetId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  routine?: boolean;
}

// The audit log knows records by global id: a customer's page is at the UUID inside it, and
// the order, invoice and payment pages move from the global id to their number on arrival.
const byGlobalId = (path: string) => (id: string) => `${path}/${encodeURIComponent(id)}`;
const PAGE_PATHS: Record<AuditSubjectPage, (pageId: string) => string> = {
  ORDER: byGlobalId('/orders'),
  INVOICE: byGlobalId('/invoices'),
  PAYMENT: byGlobalId('/payments'),
  CUSTOMER: customerPath,
};

/** An action code's name in the reader's language (the code itself for one added later). */
function useActionName() {
  const { t } = useTranslation();
  return (code: string) => t(`auditLog.actions.${code}`, { defaultValue: code });
}

function ChangesView({ changes }: { changes: unknown }) {
  const entries =
    changes && typeof changes === 'object'
      ? Object.entries(changes as Record<string, unknown>)
      : [];
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <dl style={{ margin: 0 }}>
      {entries.map(([field, change]) => (
        <div key={field} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <dt style={{ fontWeight: 600 }}>{field}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
            <Typography.Text code>{JSON.stringify(change)}</Typography.Text>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** "Order · SO-000123", linked to the page it opens on; the record type alone when the
 * record is gone or the reader may not read it. */
function SubjectView({ row }: { row: AuditRow }) {
  const { t } = useTranslation();
  const kind = t(`auditLog.subjects.${row.targetType}`, { defaultValue: row.targetType });
  const subject = row.subject;
  if (!subject) return <>{kind}</>;
  const label = `${kind} · ${subject.label}`;
  if (!subject.page || !subject.pageId) return <>{label}</>;
  return <Link to={PAGE_PATHS[subject.page](subject.pageId)}>{label}</Link>;
}

function FilterForm({
  filters,
  onChange,
}: {
  filters: AuditUrlFilters;
  onChange: (next: AuditUrlFilters) => void;
}) {
  const { t } = useTranslation();
  const actionName = useActionName();
  const [form] = Form.useForm<FilterValues>();
  const [{ data }] = useQuery({ query: AuditActions });
  const options = (data?.auditActions ?? [])
    .filter((a) => filters.routine || !a.routine || a.code === filters.action)
    .map((a) => ({ value: a.code, label: actionName(a.code) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const submit = (values: FilterValues) =>
    onChange({
      action: values.action || null,
      targetType: values.targetType?.trim() || null,
      targetId: values.targetId?.trim() || null,
      from: dayOf(values.period?.[0]),
      to: dayOf(values.period?.[1]),
      routine: !!values.routine,
    });
  return (
    <Form
      form={form}
      name="auditFilters"
      layout="inline"
      style={{ marginBottom: 16, rowGap: 8 }}
      initialValues={{
        action: filters.action,
        targetType: filters.targetType ?? undefined,
        targetId: filters.targetId ?? undefined,
        period: periodOf(filters),
        routine: filters.routine,
      }}
      onFinish={submit}
    >
      <Form.Item name="action" label={t('audit.action')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('auditLog.allActions')}
          style={{ width: 240 }}
          options={options}
        />
      </Form.Item>
      <Form.Item name="targetType" label={t('audit.targetType')}>
        <Input placeholder="order" style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="targetId" label={t('audit.targetId')}>
        <Input style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="period" label={t('audit.period')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="routine" valuePropName="checked">
        <Checkbox onChange={(e) => submit({ ...form.getFieldsValue(), routine: e.target.checked })}>
          {t('auditLog.showRoutine')}
        </Checkbox>
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          {t('common.filter')}
        </Button>
        <Button onClick={() => submit({})}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}

/** Who did what to which record, newest first; filters live in the URL. */
export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const canRead = useCan('audit', 'read');
  const actionName = useActionName();
  const pager = useCursorPager();
  const [params, setParams] = useSearchParams();
  const filters = readAuditFilters(params);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AuditLog,
    variables: { first: 50, after: pager.after, filter: toAuditLogFilter(filters) },
    pause: !canRead,
  });

  if (!canRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={<ExportButton list="AUDIT" filter={toAuditLogFilter(filters)} />}
      />
      <FilterForm
        key={params.toString()}
        filters={filters}
        onChange={(next) => {
          pager.reset();
          setParams(auditFilterParams(next));
        }}
      />
      <ConnectionTable<AuditRow>
        connection={data?.auditLog}
        loading={fetching}
        pager={pager}
        size="small"
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (row) => <ChangesView changes={row.changes} />,
          rowExpandable: () => true,
        }}
        empty={t('audit.empty')}
        columns={[
          {
            title: t('audit.when'),
            key: 'when',
            width: 190,
            render: (_, r) => formatDateTime(r.createdAt, i18n.language, tenant.timeZone),
          },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.actorName ?? t('auditLog.system')}</span>
                {r.actorName && (
                  <Typography.Text type="secondary">
                    {t(`audit.actorKinds.${r.actorKind}`, { defaultValue: r.actorKind })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('audit.action'),
            key: 'action',
            render: (_, r) => <span title={r.action}>{actionName(r.action)}</span>,
          },
          {
            title: t('audit.target'),
            key: 'target',
            render: (_, r) => <SubjectView row={r} />,
          },
          {
            title: t('audit.requestId'),
            key: 'request',
            responsive: ['lg'],
            render: (_, r) => (
              <Typography.Text type="secondary">{r.requestId?.slice(0, 12) ?? '—'}</Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
