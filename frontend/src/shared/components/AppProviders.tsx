import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';

/**
 * antd's own texts (pickers, pagination, empty tables) and dayjs follow the UI language; the
 * <style> elements antd writes carry the page's nonce (shared/cspNonce.ts), which its
 * Content-Security-Policy requires of them. Someone whose system asks for reduced motion gets
 * dialogs, drawers and dropdowns that appear and vanish without animating.
 */
export function AppProviders({
  nonce,
  children,
}: {
  nonce?: string | undefined;
  children: ReactNode;
}) {
  const { i18n } = useTranslation();
  const chinese = i18n.language === 'zh-CN';
  dayjs.locale(chinese ? 'zh-cn' : 'en');
  const csp = useMemo(() => ({ nonce }), [nonce]);
  const motion = !usePrefersReducedMotion();
  const theme = useMemo(() => ({ token: { colorPrimary: '#1f5fd1', motion } }), [motion]);
  const wave = useMemo(() => ({ disabled: !motion }), [motion]);
  return (
    <ConfigProvider csp={csp} locale={chinese ? zhCNLocale : enUS} theme={theme} wave={wave}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
