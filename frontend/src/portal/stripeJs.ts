/** Stripe.js, loaded once per page from the URL the API names, and the little of it we use. */

export interface StripeCardElement {
  mount(domElement: HTMLElement): void;
  destroy(): void;
}

export interface StripeElements {
  create(type: 'card', options?: { hidePostalCode?: boolean }): StripeCardElement;
}

export interface StripeError {
  type?: string;
  code?: string;
  message?: string;
}

export interface StripePaymentIntentResult {
  error?: StripeError | null;
  paymentIntent?: { id: string; status: string };
}

export interface StripeInstance {
  elements(): StripeElements;
  confirmCardPayment(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<StripePaymentIntentResult>;
}

export type StripeFactory = (publishableKey: string) => StripeInstance;

declare global {
  interface Window {
    Stripe?: StripeFactory;
  }
}

const loading = new Map<string, Promise<StripeFactory>>();

/** Adds `<script src={url}>` the first time and resolves with `window.Stripe`; a failed load
 * is forgotten so that a later call tries again. */
export function loadStripeJs(url: string, doc: Document = document): Promise<StripeFactory> {
  const known = loading.get(url);
  if (known) return known;
  const promise = new Promise<StripeFactory>((resolve, reject) => {
    const win = doc.defaultView;
    const ready = win?.Stripe;
    if (ready) return resolve(ready);
    const existing = [...doc.querySelectorAll<HTMLScriptElement>('script[data-stripe-js]')].find(
      (script) => script.src === url || script.getAttribute('src') === url,
    );
    const script = existing ?? doc.createElement('script');
    script.addEventListener('load', () => {
      const factory = doc.defaultView?.Stripe;
      if (factory) resolve(factory);
      else reject(new Error('Stripe.js loaded but defined no Stripe()'));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error(`Stripe.js could not be loaded from ${url}`));
    });
    if (!existing) {
      script.src = url;
      script.async = true;
      script.dataset.stripeJs = '';
      doc.head.appendChild(script);
    }
  });
  loading.set(url, promise);
  promise.catch(() => loading.delete(url));
  return promise;
}

/** What the customer is told after `confirmCardPayment`: Stripe's own message, or success. */
export function paymentOutcome(
  result: StripePaymentIntentResult,
): { ok: true } | { ok: false; message: string | null } {
  if (result.error) return { ok: false, message: result.error.message?.trim() || null };
  const status = result.paymentIntent?.status;
  if (status === 'succeeded' || status === 'processing' || status === 'requires_capture')
    return { ok: true };
  return { ok: false, message: null };
}

/** Whether an amount from the API (a decimal string) is still to pay. */
export function isPositiveAmount(amount: string | null | undefined): boolean {
  const value = Number(amount ?? '0');
  return Number.isFinite(value) && value > 0;
}
