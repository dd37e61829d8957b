import { render, screen } from '@testing-library/react';
import { Button } from 'antd';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { AppProviders } from './AppProviders';

beforeAll(async () => {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en' });
});

describe('AppProviders', () => {
  it("gives antd the page's nonce for the <style> elements it writes", () => {
    render(
      <AppProviders nonce="page-nonce-1">
        <Button type="primary">Save</Button>
      </AppProviders>,
    );
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    const styles = Array.from(document.head.querySelectorAll('style')).filter(
      (style) => style.textContent,
    );
    expect(styles.length).toBeGreaterThan(0);
    expect(
      styles
        .filter((style) => style.nonce !== 'page-nonce-1')
        .map((style) => style.textContent?.slice(0, 80)),
    ).toEqual([]);
  });
});
