import { App } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './auth/useSession';

/**
 * Opens a document the API serves (an invoice's PDF) in a new tab. The session is a bearer
 * token held in memory, not a cookie, so a bare link would arrive unauthenticated: the click
 * fetches the file with the token and shows it from a blob URL in the tab it opened at once
 * (opened during the click, so no popup blocker stops it). The href stays for copying.
 */
export function usePdfOpener() {
  const { session } = useSession();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async (url: string, event?: MouseEvent) => {
    event?.preventDefault();
    const tab = window.open('', '_blank');
    try {
      const token = await session.validAccessToken();
      const response = await fetch(url, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const blobUrl = URL.createObjectURL(blob);
      if (tab) tab.location.href = blobUrl;
      else window.location.assign(blobUrl);
      window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    } catch {
      tab?.close();
      void message.error(t('documents.downloadFailed'));
    }
  };
}
