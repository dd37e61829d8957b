import { afterEach, describe, expect, it } from 'vitest';
import { isPositiveAmount, loadStripeJs, paymentOutcome } from './stripeJs';
import type { StripeFactory } from './stripeJs';

const fakeStripe: StripeFactory = () => ({
  elements: () => ({ create: () => ({ mount: () => undefined, destroy: () => undefined }) }),
  confirmCardPayment: async () => ({ paymentIntent: { id: 'pi_1', status: 'succeeded' } }),
});

function scripts(url: string): HTMLScriptElement[] {
  return [...document.querySelectorAll<HTMLScriptElement>('script')].filter((s) => s.src === url);
}

afterEach(() => {
  delete window.Stripe;
  document.head.querySelectorAll('script').forEach((s) => s.remove());
});

describe('loadStripeJs', () => {
  it('adds one script tag however often it is asked, and resolves with window.Stripe', async () => {
    const url = 'http://stripe.test/one/v3/';
    const first = loadStripeJs(url);
    const second = loadStripeJs(url);
    expect(scripts(url)).toHaveLength(1);
    window.Stripe = fakeStripe;
    scripts(url)[0]?.dispatchEvent(new Event('load'));
    await expect(first).resolves.toBe(fakeStripe);
    await expect(second).resolves.toBe(fakeStripe);
    await expect(loadStripeJs(url)).resolves.toBe(fakeStripe);
    expect(scripts(url)).toHaveLength(1);
  });

  it('forgets a failed load so that the next call tries again', async () => {
    const url = 'http://stripe.test/broken/v3/';
    const failed = loadStripeJs(url);
    scripts(url)[0]?.dispatchEvent(new Event('error'));
    await expect(failed).rejects.toThrow(/could not be loaded/);
    expect(scripts(url)).toHaveLength(0);
    const retried = loadStripeJs(url);
    expect(scripts(url)).toHaveLength(1);
    window.Stripe = fakeStripe;
    scripts(url)[0]?.dispatchEvent(new Event('load'));
    await expect(retried).resolves.toBe(fakeStripe);
  });

  it('rejects a script that defines no Stripe()', async () => {
    const url = 'http://stripe.test/empty/v3/';
    const loaded = loadStripeJs(url);
    scripts(url)[0]?.dispatchEvent(new Event('load'));
    await expect(loaded).rejects.toThrow(/no Stripe/);
  });
});

describe('paymentOutcome', () => {
  it("passes on Stripe's message, falls back when there is none, and accepts success", () => {
    expect(paymentOutcome({ error: { message: 'Your card was declined.' } })).toEqual({
      ok: false,
      message: 'Your card was declined.',
    });
    expect(paymentOutcome({ error: { message: '  ' } })).toEqual({ ok: false, message: null });
    expect(paymentOutcome({ paymentIntent: { id: 'pi_1', status: 'succeeded' } })).toEqual({
      ok: true,
    });
    expect(paymentOutcome({ paymentIntent: { id: 'pi_1', status: 'processing' } })).toEqual({
      ok: true,
    });
    expect(
      paymentOutcome({ paymentIntent: { id: 'pi_1', status: 'requires_payment_method' } }),
    ).toEqual({ ok: false, message: null });
    expect(paymentOutcome({})).toEqual({ ok: false, message: null });
  });
});

describe('isPositiveAmount', () => {
  it('reads decimal strings from the API', () => {
    expect(isPositiveAmount('22.00')).toBe(true);
    expect(isPositiveAmount('0.01')).toBe(true);
    expect(isPositiveAmount('0.00')).toBe(false);
    expect(isPositiveAmount('-5')).toBe(false);
    expect(isPositiveAmount(null)).toBe(false);
    expect(isPositiveAmount('n/a')).toBe(false);
  });
});
