import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Form, Input } from 'antd';
import i18n from 'i18next';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setUpDom } from './testing/setUpDom';
import { useUserErrors } from './useUserErrors';
import type { UserErrorLike } from './userErrors';

beforeAll(setUpDom);
afterEach(cleanup);

/** A form that shows `errors` as the API's answer when Send is pressed. */
function SignUpForm({ errors }: { errors: UserErrorLike[] }) {
  const [form] = Form.useForm();
  const show = useUserErrors(form, ['email', 'slug']);
  const [general, setGeneral] = useState<string[]>([]);
  return (
    <Form form={form}>
      <ul aria-label="General errors">
        {general.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
      <Form.Item name="email" label="Email">
        <Input />
      </Form.Item>
      <Form.Item name="slug" label="Slug">
        <Input />
      </Form.Item>
      <button type="button" onClick={() => setGeneral(show(errors))}>
        Send
      </button>
    </Form>
  );
}

describe('useUserErrors on a form', () => {
  it('shows translated messages under the named fields and returns the rest', async () => {
    render(
      <SignUpForm
        errors={[
          { field: ['email'], code: 'EMAIL_TAKEN', message: 'server text' },
          { field: ['slug'], code: 'SOMETHING_NEW', message: 'Slug says no' },
          { field: null, code: 'TOO_MANY_ATTEMPTS', message: 'later' },
        ]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('This email is already in use.')).toBeTruthy();
    expect(screen.getByText('Slug says no')).toBeTruthy();
    const general = screen.getByRole('list', { name: 'General errors' });
    expect([...general.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Too many attempts. Wait a few minutes and try again.',
    ]);
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  it('speaks Chinese when the user does', async () => {
    await i18n.changeLanguage('zh-CN');
    render(
      <SignUpForm errors={[{ field: ['email'], code: 'EMAIL_TAKEN', message: 'server text' }]} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('该邮箱已被使用。')).toBeTruthy();
    await i18n.changeLanguage('en');
  });
});
