import { App, Card, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { PortalLanguageQuery, SetPortalLanguage } from './queries';

const LOCALES = ['en', 'zh-CN'] as const;

/** The contact chooses the language their emails are written in (stored on the contact). */
export function LanguageCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data }] = useQuery({ query: PortalLanguageQuery });
  const [{ fetching }, setLanguage] = useMutation(SetPortalLanguage);
  const current = data?.portalViewer.contact.locale ?? undefined;

  const choose = async (locale: string) => {
    const result = await setLanguage({ locale });
    const payload = result.data?.setPortalLanguage;
    if (result.error || !payload || payload.userErrors.length > 0) {
      message.error(payload?.userErrors[0]?.message ?? t('states.networkError'));
      return;
    }
    message.success(t('portalSelfService.language.saved'));
  };

  return (
    <Card title={t('portalSelfService.language.label')}>
      <Select<string>
        style={{ width: '100%', maxWidth: 280 }}
        value={current}
        loading={fetching}
        placeholder={t('portalSelfService.language.label')}
        aria-label={t('portalSelfService.language.label')}
        data-testid="portal-email-language"
        onChange={choose}
        options={LOCALES.map((locale) => ({
          value: locale,
          label: t(`portalSelfService.language.options.${locale}`),
        }))}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('portalSelfService.language.help')}
      </Typography.Paragraph>
    </Card>
  );
}
