import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import i18n from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setUpDom } from '../../shared/testing/setUpDom';
import type { BulkAnswer } from './bulk';
import { BulkActionBar, type BulkAction } from './BulkActions';

beforeAll(setUpDom);
afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

const ANSWER: BulkAnswer = {
  results: [
    { id: 'a', ok: true, userErrors: [] },
    { id: 'b', ok: false, userErrors: [{ code: 'NOT_FOUND', message: 'server text' }] },
    { id: 'c', ok: false, userErrors: [{ code: 'INACTIVE_OWNER', message: 'server text' }] },
  ],
  userErrors: [],
};

function Bar() {
  const tag: BulkAction = {
    key: 'tag',
    label: i18n.t('lists.bulk.addTag'),
    field: null,
    run: () => Promise.resolve(ANSWER),
  };
  return (
    <App>
      <BulkActionBar
        selected={['a', 'b', 'c']}
        actions={[tag]}
        labelOf={(id) => `SO-${id}`}
        onClear={() => {}}
        onDone={() => {}}
      />
    </App>
  );
}

describe('bulk action bar', () => {
  it('words the bar and why rows were left in Chinese, not the server English', async () => {
    await i18n.changeLanguage('zh-CN');
    render(<Bar />);
    const bar = screen.getByTestId('bulk-bar');
    expect(bar.textContent).toContain('已选 3 项');
    fireEvent.click(within(bar).getByRole('button', { name: '添加标签' }));
    fireEvent.click(await screen.findByRole('button', { name: /^执\s?行$/ }));
    expect((await screen.findByTestId('bulk-summary')).textContent).toBe('3 项中 1 项已完成。');
    const results = screen.getByTestId('bulk-results');
    expect(results.textContent).toContain('未找到，或不在您的权限范围内。');
    expect(results.textContent).toContain('该用户已停用。');
    expect(results.textContent).not.toContain('server text');
  });
});
