/**
 * The server gives every page of the apps a nonce of its own (platform/orbit/frontend.py puts it
 * in `<meta name="csp-nonce">`), and that page's Content-Security-Policy lets in only the <style>
 * elements that carry it. antd writes its styles into such elements at run time.
 */

/** The nonce the server gave this page; the development server gives none, and no policy. */
export function pageNonce(page: Document = document): string | undefined {
  return page.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
}

/**
 * Every <style> element the app's scripts create on `page` carries `nonce`. antd is told the
 * nonce (AppProviders), but the rc-util helpers beneath it write their <style> without asking
 * for one: the scroll lock behind every modal and drawer, and the scrollbar measure of tables.
 * Markup that is parsed (injected HTML) does not come through here and still gets no nonce;
 * scripts, which could read the nonce from the page anyway, only run from this origin.
 */
export function nonceCreatedStyles(page: Document, nonce: string): void {
  const createElement = page.createElement.bind(page);
  page.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = createElement(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  }) as Document['createElement'];
}

/** At start-up, before anything renders: the page's nonce, on every style the app creates. */
export function adoptPageNonce(page: Document = document): string | undefined {
  const nonce = pageNonce(page);
  if (nonce) nonceCreatedStyles(page, nonce);
  return nonce;
}
