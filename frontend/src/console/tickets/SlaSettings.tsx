import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { SlaSettingsQuery, TicketPriority } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { timeZones } from '../../shared/format';
import { useUserErrors } from '../../shared/useUserErrors';
import { useCan } from '../viewer';
import { formatDay, parseDay } from './openingHours';
import {
  DeleteSlaPolicy,
  SaveSlaPolicy,
  SaveTicketCalendar,
  SlaSettings as SlaSettingsQueryDocument,
  TicketFormChoices,
} from './queries';

type Settings = SlaSettingsQuery;
type Policy = Settings['slaPolicies'][number];
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const PRIORITIES: TicketPriority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

/** Support's SLA settings: the working calendar business time counts in, and the policies
 * (shown with tickets:read, changed with tickets:configure). */
export function SlaSettings() {
  const canRead = useCan('tickets', 'read');
  return canRead ? <SlaSettingsCard /> : null;
}

function SlaSettingsCard() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: SlaSettingsQueryDocument });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return fetching ? <LoadingState /> : null;
  return (
    <Card
      title={t('tickets.slaSettings.title')}
      style={{ maxWidth: 960, marginTop: 16 }}
      data-testid="sla-settings"
    >
      <CalendarForm calendar={data.ticketCalendar} onSaved={reload} />
      <Policies policies={data.slaPolicies} onChanged={reload} />
    </Card>
  );
}

interface CalendarValues {
  timeZone: string;
  country?: string;
  subdivision?: string;
  closedDates?: string;
  days: string[];
}

function CalendarForm({
  calendar,
  onSaved,
}: {
  calendar: Settings['ticketCalendar'];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayConfigure = useCan('tickets', 'configure');
  const [form] = Form.useForm<CalendarValues>();
  const [general, setGeneral] = useState<readonly string[]>([]);
  const showErrors = useUserErrors(form, ['timeZone', 'country', 'subdivision']);
  const [{ fetching }, save] = useMutation(SaveTicketCalendar);
  const days = WEEKDAYS.map((day) =>
    formatDay(calendar.weeklyHours.filter((h) => h.weekday === day)),
  );

  const submit = async (values: CalendarValues) => {
    const parsed = values.days.map((text) => parseDay(text ?? ''));
    const bad = parsed.findIndex((day) => day === null);
    if (bad >= 0) {
      form.setFields([{ name: ['days', bad], errors: [t('tickets.slaSettings.hoursFormat')] }]);
      return;
    }
    const weeklyHours = parsed.flatMap((day, weekday) =>
      (day ?? []).map((i) => ({ weekday, opens: i.opens, closes: i.closes })),
    );
    const closedDates = (values.closedDates ?? '')
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    const result = await save({
      input: {
        timeZone: values.timeZone,
        country: values.country?.trim() || null,
        subdivision: values.subdivision?.trim() || null,
        closedDates,
        weeklyHours,
      },
    });
    if (result.error) return setGeneral([t('states.networkError')]);
    const errors = result.data?.saveTicketCalendar.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    setGeneral([]);
    void message.success(t('settings.saved'));
    onSaved();
  };

  return (
    <Form<CalendarValues>
      form={form}
      layout="vertical"
      name="slaCalendar"
      disabled={!mayConfigure}
      initialValues={{
        timeZone: calendar.timeZone,
        country: calendar.country ?? '',
        subdivision: calendar.subdivision ?? '',
        closedDates: calendar.closedDates.join(', '),
        days,
      }}
      onFinish={submit}
      data-testid="sla-calendar"
    >
      <Typography.Title level={5}>{t('tickets.slaSettings.calendar')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {calendar.isDefault
          ? t('tickets.slaSettings.defaultCalendar')
          : t('tickets.slaSettings.calendarHelp')}
      </Typography.Paragraph>
      <FormAlerts messages={general} />
      <Space wrap align="start">
        <Form.Item name="timeZone" label={t('tickets.slaSettings.timeZone')}>
          <Select
            showSearch
            style={{ width: 240 }}
            aria-label={t('tickets.slaSettings.timeZone')}
            options={timeZones().map((zone) => ({ value: zone, label: zone }))}
          />
        </Form.Item>
        <Form.Item name="country" label={t('tickets.slaSettings.country')}>
          <Input style={{ width: 120 }} maxLength={2} placeholder="CN" />
        </Form.Item>
        <Form.Item name="subdivision" label={t('tickets.slaSettings.subdivision')}>
          <Input style={{ width: 120 }} maxLength={10} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        {WEEKDAYS.map((day) => (
          <Form.Item
            key={day}
            name={['days', day]}
            label={t(`tickets.slaSettings.weekdays.${day}`)}
          >
            <Input style={{ width: 190 }} placeholder={t('tickets.slaSettings.closed')} />
          </Form.Item>
        ))}
      </Space>
      <Form.Item
        name="closedDates"
        label={t('tickets.slaSettings.closedDates')}
        extra={t('tickets.slaSettings.closedDatesHelp')}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      {mayConfigure && (
        <Button type="primary" htmlType="submit" loading={fetching}>
          {t('tickets.slaSettings.saveCalendar')}
        </Button>
      )}
    </Form>
  );
}

function minutesText(t: TFunction, minutes?: number | null): string {
  if (minutes == null) return '—';
  const hours = Math.floor(minutes / 60);
  return hours > 0
    ? t('tickets.slaSettings.hoursMinutes', { hours, minutes: minutes % 60 })
    : t('tickets.slaSettings.minutes', { minutes });
}

function Policies({ policies, onChanged }: { policies: Policy[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayConfigure = useCan('tickets', 'configure');
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [, remove] = useMutation(DeleteSlaPolicy);

  const deletePolicy = async (policy: Policy) => {
    const result = await remove({ id: policy.id });
    if (result.error || (result.data?.deleteSlaPolicy.userErrors ?? []).length)
      return void message.error(t('tickets.slaSettings.notSaved'));
    onChanged();
  };
  return (
    <div style={{ marginTop: 24 }}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('tickets.slaSettings.policies')}
        </Typography.Title>
        {mayConfigure && (
          <Button onClick={() => setEditing('new')}>{t('tickets.slaSettings.newPolicy')}</Button>
        )}
      </Space>
      <Table<Policy>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={policies}
        data-testid="sla-policies"
        locale={{ emptyText: t('tickets.slaSettings.noPolicies') }}
        columns={[
          {
            title: t('tickets.slaSettings.name'),
            key: 'name',
            render: (_, p) =>
              p.fallback ? `${p.name} (${t('tickets.slaSettings.fallback')})` : p.name,
          },
          { title: t('tickets.slaSettings.position'), dataIndex: 'position', key: 'position' },
          {
            title: t('tickets.slaSettings.matches'),
            key: 'matches',
            render: (_, p) =>
              [
                ...p.priorities.map((x) => t(`tickets.priorities.${x}`)),
                ...p.categories.map((c) => t(`tickets.categories.${c}`, { defaultValue: c })),
              ].join(', ') || t('tickets.slaSettings.any'),
          },
          {
            title: t('tickets.sla.metrics.FIRST_RESPONSE'),
            key: 'first',
            render: (_, p) => minutesText(t, p.firstResponseMinutes),
          },
          {
            title: t('tickets.sla.metrics.NEXT_RESPONSE'),
            key: 'next',
            render: (_, p) => minutesText(t, p.nextResponseMinutes),
          },
          {
            title: t('tickets.sla.metrics.RESOLUTION'),
            key: 'resolution',
            render: (_, p) => minutesText(t, p.resolutionMinutes),
          },
          ...(mayConfigure
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, p: Policy) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(p)}>
                        {t('tickets.slaSettings.edit')}
                      </Button>
                      <Popconfirm
                        title={t('tickets.slaSettings.deleteConfirm')}
                        onConfirm={() => deletePolicy(p)}
                      >
                        <Button size="small" danger>
                          {t('tickets.slaSettings.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PolicyDrawer
        policy={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </div>
  );
}

interface PolicyValues {
  name: string;
  position: number;
  priorities: TicketPriority[];
  categories: string[];
  fallback: boolean;
  firstResponseMinutes?: number | null;
  nextResponseMinutes?: number | null;
  resolutionMinutes?: number | null;
}

const POLICY_FIELDS = [
  'name',
  'position',
  'categories',
  'firstResponseMinutes',
  'nextResponseMinutes',
  'resolutionMinutes',
] as const;

function PolicyDrawer({
  policy,
  onClose,
  onSaved,
}: {
  policy: Policy | 'new' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PolicyValues>();
  const showErrors = useUserErrors(form, POLICY_FIELDS);
  const [{ fetching }, save] = useMutation(SaveSlaPolicy);
  const [choices] = useQuery({ query: TicketFormChoices, pause: policy === null });
  const existing = policy && policy !== 'new' ? policy : null;

  const submit = async (values: PolicyValues) => {
    const result = await save({
      input: {
        id: existing?.id ?? null,
        name: values.name ?? '',
        position: values.position ?? 0,
        priorities: values.priorities ?? [],
        categories: values.categories ?? [],
        fallback: values.fallback ?? false,
        firstResponseMinutes: values.firstResponseMinutes ?? null,
        nextResponseMinutes: values.nextResponseMinutes ?? null,
        resolutionMinutes: values.resolutionMinutes ?? null,
      },
    });
    if (result.error) return [t('states.networkError')];
    const errors = result.data?.saveSlaPolicy.userErrors ?? [];
    if (errors.length > 0) return showErrors(errors);
    onSaved();
  };

  return (
    <FormDrawer<PolicyValues>
      title={existing ? existing.name : t('tickets.slaSettings.newPolicy')}
      open={policy !== null}
      onClose={onClose}
      width={520}
      form={form}
      onSubmit={submit}
      submitLabel={t('tickets.slaSettings.savePolicy')}
      submitting={fetching}
      name="slaPolicy"
      formTestId="sla-policy-form"
      initialValues={
        existing
          ? { ...existing }
          : { position: 0, priorities: [], categories: [], fallback: false }
      }
    >
      <Form.Item name="name" label={t('tickets.slaSettings.name')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="position" label={t('tickets.slaSettings.position')}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item name="priorities" label={t('tickets.priority')}>
        <Select
          mode="multiple"
          aria-label={t('tickets.priority')}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))}
        />
      </Form.Item>
      <Form.Item name="categories" label={t('tickets.category')}>
        <Select
          mode="multiple"
          aria-label={t('tickets.category')}
          options={(choices.data?.ticketCategories ?? []).map((c) => ({
            value: c.key,
            label: t(`tickets.categories.${c.key}`, { defaultValue: c.name }),
          }))}
        />
      </Form.Item>
      <Form.Item name="fallback" valuePropName="checked">
        <Checkbox>{t('tickets.slaSettings.fallbackHelp')}</Checkbox>
      </Form.Item>
      {(['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const).map(
        (field) => (
          <Form.Item key={field} name={field} label={t(`tickets.slaSettings.targets.${field}`)}>
            <InputNumber min={1} precision={0} addonAfter={t('tickets.slaSettings.unit')} />
          </Form.Item>
        ),
      )}
    </FormDrawer>
  );
}
