import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyLanguage, currentLanguage, isLanguage, type Language } from '../i18n';

const LABELS: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

/** Switches the language; `onChosen` lets the console remember it for the user. */
export function LanguageSwitch({ onChosen }: { onChosen?: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('common.language')}
      data-testid="language-switch"
      value={currentLanguage()}
      style={{ width: 110 }}
      options={Object.entries(LABELS).map(([value, label]) => ({ value, label }))}
      onChange={(value: string) => {
        if (!isLanguage(value)) return;
        void applyLanguage(value);
        onChosen?.(value);
      }}
    />
  );
}
