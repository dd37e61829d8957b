import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Provider as UrqlProvider, useMutation, useQuery } from 'urql';
import { useSession } from '../../shared/auth/useSession';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { SurveyForm, type SurveyAnswer, type SubmitOutcome } from './SurveyForm';
import { AnswerSurvey, SurveyByToken } from './surveyQueries';

/** The survey link's page (`/portal/<slug>/survey/<token>`): no sign-in; the token is the
 * customer's key to this one survey, so it always goes out without a session. */
export function SurveyPage() {
  const { publicClient } = useSession();
  return (
    <UrqlProvider value={publicClient}>
      <SurveyByLink />
    </UrqlProvider>
  );
}

function SurveyByLink() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SurveyByToken,
    variables: { token },
  });
  const [, answer] = useMutation(AnswerSurvey);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data && fetching) return <LoadingState />;
  const survey = data?.survey;
  if (!survey) return <Empty description={t('csat.form.notFound')} />;

  const submit = async (values: SurveyAnswer): Promise<SubmitOutcome> => {
    const result = await answer({ input: { token, ...values } });
    const errors = result.data?.answerSurvey.userErrors ?? [];
    const saved = result.data?.answerSurvey.survey;
    if (result.error || errors.length || !saved)
      return { codes: errors, network: Boolean(result.error) };
    return { saved };
  };
  return (
    <Card style={{ maxWidth: 640, margin: '24px auto' }} data-testid="survey-page">
      <Typography.Title level={3}>
        {t('csat.form.heading', { tenant: survey.tenantName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('csat.form.about', { number: survey.ticketNumber, subject: survey.ticketSubject })}
      </Typography.Paragraph>
      <SurveyForm survey={survey} onSubmit={submit} />
    </Card>
  );
}
