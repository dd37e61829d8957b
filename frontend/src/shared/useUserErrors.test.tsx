import { act, render, screen } from '@testing-library/react';
import { Form, Input } from 'antd';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { initReactI18next } from 'react-i18next';
import { en } from './i18n/en';
import { zhCN } from './i18n/zh-CN';
import { useUserErrors } from './useUserErrors';
import type { UserErrorLike } from './userErrors';

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
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
});

let show: (errors: UserErrorLike[]) => string[] = () => [];

function SignUpForm() {
  const [form] = Form.useForm();
  show = useUserErrors(form, ['email', 'slug']);
  return (
    <Form form={form}>
      <Form.Item name="email" label="Email">
        <Input />
      </Form.Item>
      <Form.Item name="slug" label="Slug">
        <Input />
      </Form.Item>
    </Form>
  );
}

describe('useUserErrors on a form', () => {
  it('shows translated messages under the named fields and returns the rest', async () => {
    render(<SignUpForm />);
    let general: string[] = [];
    await act(async () => {
      general = show([
        { field: ['email'], code: 'EMAIL_TAKEN', message: 'server text' },
        { field: ['slug'], code: 'SOMETHING_NEW', message: 'Slug says no' },
        { field: null, code: 'TOO_MANY_ATTEMPTS', message: 'later' },
      ]);
    });
    expect(await screen.findByText('This email is already in use.')).toBeTruthy();
    expect(screen.getByText('Slug says no')).toBeTruthy();
    expect(general).toEqual(['Too many attempts. Wait a few minutes and try again.']);
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  it('speaks Chinese when the user does', async () => {
    await i18n.changeLanguage('zh-CN');
    render(<SignUpForm />);
    await act(async () => {
      show([{ field: ['email'], code: 'EMAIL_TAKEN', message: 'server text' }]);
    });
    expect(await screen.findByText('该邮箱已被使用。')).toBeTruthy();
    await i18n.changeLanguage('en');
  });
});
