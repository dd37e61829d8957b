import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en';
import { describeTest, stripeSettingsInput } from './stripeSettings';

const stored = { publishableKey: 'pk_test_abc', paymentMethods: ['CARD', 'ALIPAY'] as const };
const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
  });
});

describe('stripeSettingsInput', () => {
  it('sends nothing when nothing was filled in or changed', () => {
    expect(
      stripeSettingsInput(
        {
          secretKey: '',
          webhookSecret: '  ',
          publishableKey: 'pk_test_abc',
          paymentMethods: ['ALIPAY', 'CARD'],
        },
        { ...stored, paymentMethods: [...stored.paymentMethods] },
      ),
    ).toEqual({});
  });

  it('sends the secrets typed in, trimmed', () => {
    expect(
      stripeSettingsInput(
        {
          secretKey: ' sk_test_1 ',
          webhookSecret: 'whsec_2',
          publishableKey: 'pk_test_abc',
          paymentMethods: ['CARD', 'ALIPAY'],
        },
        { ...stored, paymentMethods: [...stored.paymentMethods] },
      ),
    ).toEqual({ secretKey: 'sk_test_1', webhookSecret: 'whsec_2' });
  });

  it('sends a changed or cleared publishable key', () => {
    const methods = { paymentMethods: [...stored.paymentMethods] };
    expect(
      stripeSettingsInput({ publishableKey: 'pk_live_x', ...methods }, { ...stored, ...methods }),
    ).toEqual({ publishableKey: 'pk_live_x' });
    expect(
      stripeSettingsInput({ publishableKey: '', ...methods }, { ...stored, ...methods }),
    ).toEqual({ publishableKey: '' });
    expect(
      stripeSettingsInput({ publishableKey: '', ...methods }, { publishableKey: null, ...methods }),
    ).toEqual({});
  });

  it('sends changed payment methods in a stable order, and an empty choice for the API to refuse', () => {
    expect(
      stripeSettingsInput(
        { publishableKey: 'pk_test_abc', paymentMethods: ['WECHAT_PAY', 'CARD'] },
        { ...stored, paymentMethods: ['CARD'] },
      ),
    ).toEqual({ paymentMethods: ['CARD', 'WECHAT_PAY'] });
    expect(
      stripeSettingsInput(
        { publishableKey: 'pk_test_abc', paymentMethods: [] },
        { ...stored, paymentMethods: ['CARD'] },
      ),
    ).toEqual({ paymentMethods: [] });
  });
});

describe('describeTest', () => {
  it('names the mode of a successful test', () => {
    expect(describeTest(i18n.t, { ok: true, code: null, message: 'ok', livemode: false })).toEqual({
      type: 'success',
      message: 'Connected to Stripe (test mode)',
    });
    expect(
      describeTest(i18n.t, { ok: true, code: null, message: 'ok', livemode: true })?.message,
    ).toBe('Connected to Stripe (live mode)');
  });

  it('translates a failure code and keeps the server message', () => {
    expect(
      describeTest(i18n.t, {
        ok: false,
        code: 'STRIPE_KEY_REJECTED',
        message: 'Invalid API Key',
        livemode: null,
      }),
    ).toEqual({
      type: 'error',
      message: 'Stripe rejected the secret key.',
      description: 'Invalid API Key',
    });
    expect(
      describeTest(i18n.t, { ok: false, code: 'SOMETHING_NEW', message: 'odd', livemode: null })
        ?.message,
    ).toBe('The connection test failed.');
  });

  it('warns when there is no key to test, and reports other user errors', () => {
    expect(
      describeTest(i18n.t, null, [
        { code: 'STRIPE_NOT_CONFIGURED', message: 'Save a key.', field: ['secretKey'] },
      ]),
    ).toEqual({
      type: 'warning',
      message: 'Save a Stripe secret key first, then test the connection.',
    });
    expect(
      describeTest(i18n.t, null, [{ code: 'UNHEARD_OF', message: 'Server says no.' }]),
    ).toEqual({ type: 'error', message: 'Server says no.' });
    expect(describeTest(i18n.t, null, [])).toBeNull();
  });
});
