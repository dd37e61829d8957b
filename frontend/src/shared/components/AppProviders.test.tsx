import { render, screen } from '@testing-library/react';
import { Button } from 'antd';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpDom } from '../testing/setUpDom';
import { AppProviders } from './AppProviders';

beforeAll(setUpDom);

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
