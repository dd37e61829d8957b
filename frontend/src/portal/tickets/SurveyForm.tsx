import { Alert, Button, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSurveyFieldsFragment, SurveyReason } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { ratingLabel } from '../../shared/surveyRating';

const REASONS: SurveyReason[] = ['SLOW', 'NOT_RESOLVED', 'UNFRIENDLY', 'OTHER'];
const BAD = new Set(['BAD', '1', '2']);

export interface SurveyAnswer {
  rating: string;
  reason: SurveyReason | null;
  comment: string | null;
}

/** An answer's outcome: the survey as saved, or the user errors / network failure. */
export type SubmitOutcome =
  | { saved: CustomerSurveyFieldsFragment }
  | { codes: { code: string; message: string }[]; network: boolean };

/** The customer's survey: a rating on the survey's scale, a reason with a bad one, a comment;
 * answered already, it shows the answer and lets them change it until the survey closes. */
export function SurveyForm({
  survey: loaded,
  onSubmit,
}: {
  survey: CustomerSurveyFieldsFragment;
  onSubmit: (answer: SurveyAnswer) => Promise<SubmitOutcome>;
}) {
  const { t, i18n } = useTranslation();
  const [survey, setSurvey] = useState(loaded);
  const [editing, setEditing] = useState(!survey.answered);
  const [rating, setRating] = useState<string | null>(survey.rating ?? null);
  const [reason, setReason] = useState<SurveyReason | null>(survey.reason ?? null);
  const [comment, setComment] = useState(survey.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);
  const bad = rating !== null && BAD.has(rating);

  if (survey.expired)
    return (
      <Alert type="info" showIcon message={t('csat.form.expired')} data-testid="survey-expired" />
    );

  if (!editing && survey.rating)
    return (
      <Space direction="vertical" data-testid="survey-answer">
        {thanked && <Alert type="success" showIcon message={t('csat.form.thanks')} />}
        <Typography.Text strong>
          {t('csat.form.yourAnswer', { rating: ratingLabel(t, survey.rating) })}
        </Typography.Text>
        {survey.reason && <Typography.Text>{t(`csat.reasons.${survey.reason}`)}</Typography.Text>}
        {survey.comment && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {survey.comment}
          </Typography.Paragraph>
        )}
        {survey.expiresAt && (
          <Typography.Text type="secondary">
            {t('csat.form.openUntil', { when: formatDateTime(survey.expiresAt, i18n.language) })}
          </Typography.Text>
        )}
        <Button onClick={() => setEditing(true)}>{t('csat.form.change')}</Button>
      </Space>
    );

  const send = async () => {
    if (rating === null) return;
    setBusy(true);
    setProblem(null);
    const outcome = await onSubmit({
      rating,
      reason: bad ? reason : null,
      comment: comment.trim() || null,
    });
    setBusy(false);
    if (!('saved' in outcome)) {
      const first = outcome.codes[0];
      setProblem(
        outcome.network || !first
          ? t('states.networkError')
          : t(`errors.${first.code}`, { defaultValue: first.message }),
      );
      return;
    }
    setSurvey(outcome.saved);
    setThanked(true);
    setEditing(false);
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="survey-form">
      <Typography.Text strong>{t('csat.form.question')}</Typography.Text>
      <Radio.Group
        aria-label={t('csat.rating')}
        optionType="button"
        buttonStyle="solid"
        value={rating}
        onChange={(event) => setRating(String(event.target.value))}
        options={survey.ratings.map((value) => ({ value, label: ratingLabel(t, value) }))}
      />
      {bad && (
        <>
          <Typography.Text strong>{t('csat.form.reasonQuestion')}</Typography.Text>
          <Radio.Group
            aria-label={t('csat.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value as SurveyReason)}
          >
            <Space direction="vertical">
              {REASONS.map((value) => (
                <Radio key={value} value={value}>
                  {t(`csat.reasons.${value}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </>
      )}
      <Input.TextArea
        rows={3}
        maxLength={2000}
        aria-label={t('csat.form.comment')}
        placeholder={t('csat.form.comment')}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      {problem && <Alert type="error" showIcon message={problem} />}
      <Button
        type="primary"
        loading={busy}
        disabled={rating === null || (bad && reason === null)}
        onClick={send}
      >
        {t('csat.form.submit')}
      </Button>
    </Space>
  );
}
