import { Card, Descriptions, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { TicketStatus } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { ratingLabel } from '../../shared/surveyRating';
import { TicketSurveyOfTicket } from './csatQueries';

/** The ticket's satisfaction survey: when it goes out, and the customer's rating once
 * answered (attributed to the owner at solving). Nothing before the ticket is solved. */
export function TicketSurveyCard({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({
    query: TicketSurveyOfTicket,
    variables: { id: ticketId },
    requestPolicy: 'cache-and-network',
  });
  // Solving schedules a survey and reopening drops it: read it again when the status moves.
  useEffect(() => refetch({ requestPolicy: 'network-only' }), [status, refetch]);
  const survey = data?.ticket?.survey;
  if (!survey) return null;
  const when = (value: string) => formatDateTime(value, i18n.language);
  let state: string;
  if (survey.answeredAt) state = t('csat.card.answered', { when: when(survey.answeredAt) });
  else if (survey.sentAt) state = t('csat.card.sent', { when: when(survey.sentAt) });
  else state = t('csat.card.scheduled', { when: when(survey.sendAt) });
  return (
    <Card size="small" title={t('csat.card.title')} data-testid="ticket-survey">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {state}
        {survey.expiresAt && !survey.answeredAt
          ? ` · ${t('csat.card.expires', { when: when(survey.expiresAt) })}`
          : ''}
      </Typography.Paragraph>
      {survey.rating && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('csat.rating')}>
            <Tag color={survey.good ? 'green' : 'red'} data-testid="ticket-survey-rating">
              {ratingLabel(t, survey.rating)}
            </Tag>
          </Descriptions.Item>
          {survey.reason && (
            <Descriptions.Item label={t('csat.reason')}>
              {t(`csat.reasons.${survey.reason}`)}
            </Descriptions.Item>
          )}
          {survey.comment && (
            <Descriptions.Item label={t('csat.comment')}>{survey.comment}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('csat.card.owner')}>
            {survey.owner?.name ?? t('csat.nobody')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
