import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setUpDom } from '../testing/setUpDom';
import { FormDrawer, type FormDrawerProps } from './FormDrawer';

beforeAll(setUpDom);
afterEach(cleanup);

interface Values {
  name: string;
}

type Props = Partial<Omit<FormDrawerProps<Values>, 'form' | 'children'>>;

/** A drawer that renames something, as the console's edit drawers do. */
function RenameDrawer(props: Props) {
  const [form] = Form.useForm<Values>();
  return (
    <FormDrawer<Values>
      title="Rename"
      open
      onClose={() => {}}
      width={400}
      form={form}
      onSubmit={async () => {}}
      submitLabel="Save"
      submitting={false}
      initialValues={{ name: 'Acme' }}
      {...props}
    >
      <Form.Item name="name" label="Name">
        <Input />
      </Form.Item>
    </FormDrawer>
  );
}

describe('FormDrawer', () => {
  it('sends the form and shows the errors that name no field above it', async () => {
    const onSubmit = vi.fn(async () => ['The company is suspended.']);
    render(<RenameDrawer onSubmit={onSubmit} />);
    const drawer = await screen.findByRole('dialog', { name: 'Rename' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Acme Ltd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ name: 'Acme Ltd' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The company is suspended.');
    expect(drawer.querySelector('form')).toBeTruthy();
  });

  it('clears the alert when a later try goes through', async () => {
    const answers: (string[] | undefined)[] = [['Try again later.'], undefined];
    render(<RenameDrawer onSubmit={async () => answers.shift()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('shows the submit button busy while sending, and Cancel closes', async () => {
    const onClose = vi.fn();
    render(<RenameDrawer submitting onClose={onClose} />);
    const save = await screen.findByRole('button', { name: /Save/ });
    await waitFor(() => expect(save.classList.contains('ant-btn-loading')).toBe(true));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(onClose).toHaveBeenCalled();
  });

  it('read-only: the form is disabled, Close instead of Cancel and nothing to submit', async () => {
    render(<RenameDrawer readOnly />);
    expect((await screen.findByText('Close')).closest('button')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByLabelText('Name').hasAttribute('disabled')).toBe(true);
  });

  it('shows what it is given instead of the form when there is nothing to act on', async () => {
    render(<RenameDrawer unavailable={<p>Nothing to rename.</p>} submitDisabled />);
    expect(await screen.findByText('Nothing to rename.')).toBeTruthy();
    expect(screen.queryByLabelText('Name')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });
});
