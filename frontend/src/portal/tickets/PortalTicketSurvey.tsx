import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { SurveyForm, type SurveyAnswer, type SubmitOutcome } from './SurveyForm';
import { PortalAnswerSurvey, PortalTicketSurvey as PortalTicketSurveyQuery } from './surveyQueries';

/** The satisfaction survey on the customer's ticket page, once the seller has sent it. */
export function PortalTicketSurvey({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({
    query: PortalTicketSurveyQuery,
    variables: { id: ticketId },
    requestPolicy: 'cache-and-network',
  });
  const [, answer] = useMutation(PortalAnswerSurvey);
  const survey = data?.portalTicket.survey;
  if (!survey) return null;

  const submit = async (values: SurveyAnswer): Promise<SubmitOutcome> => {
    const result = await answer({ input: { ticketId, ...values } });
    const errors = result.data?.portalAnswerSurvey.userErrors ?? [];
    const saved = result.data?.portalAnswerSurvey.survey;
    if (result.error || errors.length || !saved)
      return { codes: errors, network: Boolean(result.error) };
    return { saved };
  };
  return (
    <Card size="small" title={t('csat.form.portalTitle')} data-testid="portal-ticket-survey">
      <SurveyForm survey={survey} onSubmit={submit} />
    </Card>
  );
}
