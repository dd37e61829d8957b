import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketPriority, TicketStatus } from '../../gql/graphql';
import { statusColor } from '../../shared/status';

const PRIORITY_COLOR: Record<TicketPriority, string> = {
  LOW: 'default',
  NORMAL: 'blue',
  HIGH: 'orange',
  URGENT: 'red',
};

export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('ticket', status)} data-testid="ticket-status">
      {t(`tickets.statuses.${status}`)}
    </Tag>
  );
}

export function TicketPriorityTag({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Tag color={PRIORITY_COLOR[priority]} data-testid="ticket-priority">
      {t(`tickets.priorities.${priority}`)}
    </Tag>
  );
}
