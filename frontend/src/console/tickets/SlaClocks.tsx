import { Card, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetailQuery } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { shortDuration } from './slaTime';

type Clock = NonNullable<TicketDetailQuery['ticketByNumber']>['slaClocks'][number];

/** The wall-clock time, refreshed every 30 seconds while the page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function metLate(clock: Clock): boolean {
  if (clock.breachedAt) return true;
  return !!clock.reachedAt && Date.parse(clock.reachedAt) > Date.parse(clock.dueAt);
}

/** How a clock stands `left` milliseconds before its due time (negative: after). */
function standing(clock: Clock, left: number, t: TFunction): { color: string; text: string } {
  if (clock.reachedAt)
    return metLate(clock)
      ? { color: 'orange', text: t('tickets.sla.metLate') }
      : { color: 'green', text: t('tickets.sla.met') };
  if (clock.pausedSince) return { color: 'default', text: t('tickets.sla.paused') };
  if (left < 0 || clock.breached)
    return { color: 'red', text: t('tickets.sla.overdue', { time: shortDuration(left) }) };
  const soon = left < 3_600_000;
  return {
    color: soon ? 'gold' : 'blue',
    text: t('tickets.sla.left', { time: shortDuration(left) }),
  };
}

/** Each SLA clock of a ticket: met, paused, or a live countdown to its due time. */
export function SlaClocks({ clocks }: { clocks: readonly Clock[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (clocks.length === 0) return null;
  return (
    <Card size="small" title={t('tickets.sla.title')}>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="sla-clocks">
        {clocks.map((clock) => {
          const left = new Date(clock.dueAt).getTime() - now;
          const { color, text } = standing(clock, left, t);
          return (
            <div key={clock.metric} data-testid={`sla-${clock.metric}`}>
              <Typography.Text>{t(`tickets.sla.metrics.${clock.metric}`)}</Typography.Text>{' '}
              <Tag color={color}>{text}</Tag>
              <br />
              <Typography.Text type="secondary">
                {t('tickets.sla.due', { when: formatDateTime(clock.dueAt, i18n.language) })}
              </Typography.Text>
            </div>
          );
        })}
      </Space>
    </Card>
  );
}
