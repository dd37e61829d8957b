import { describe, expect, it } from 'vitest';
import { adoptPageNonce, pageNonce } from './cspNonce';

function pageWithNonce(nonce: string | null): Document {
  const page = document.implementation.createHTMLDocument('Orbit');
  if (nonce !== null) page.head.innerHTML = `<meta name="csp-nonce" content="${nonce}">`;
  return page;
}

describe('the page nonce', () => {
  it('is read from the meta tag the server filled in, and is absent without one', () => {
    expect(pageNonce(pageWithNonce('n0nce-From_the-server'))).toBe('n0nce-From_the-server');
    expect(pageNonce(pageWithNonce(''))).toBeUndefined();
    expect(pageNonce(pageWithNonce(null))).toBeUndefined();
  });

  it('is set on every <style> the scripts create, and on nothing else', () => {
    const page = pageWithNonce('abc123');
    expect(adoptPageNonce(page)).toBe('abc123');
    const style = page.createElement('style');
    const div = page.createElement('div');
    expect(style.nonce).toBe('abc123');
    expect(div.nonce).toBe('');
  });

  it('leaves a page without one as it is', () => {
    const page = pageWithNonce(null);
    const createElement = page.createElement;
    expect(adoptPageNonce(page)).toBeUndefined();
    expect(page.createElement).toBe(createElement);
    expect(page.createElement('style').nonce).toBe('');
  });

  it('does not reach markup that is parsed, such as injected HTML', () => {
    const page = pageWithNonce('abc123');
    adoptPageNonce(page);
    const holder = page.createElement('div');
    holder.innerHTML = '<style>body { color: red }</style>';
    expect(holder.querySelector('style')?.nonce).toBe('');
  });
});
