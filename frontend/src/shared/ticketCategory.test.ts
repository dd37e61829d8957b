import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketsEn, ticketsZh } from './i18n/features/tickets';
import { categoryName } from './ticketCategory';

describe('categoryName', () => {
  beforeAll(async () => {
    await i18n.init({
      lng: 'zh-CN',
      resources: { 'zh-CN': { translation: { tickets: ticketsZh } } },
    });
  });

  it('shows a built-in category that kept its name in the reader language', () => {
    expect(categoryName(i18n.t, { key: 'quality', name: 'Quality' }, 'quality')).toBe(
      ticketsZh.categories.quality,
    );
  });

  it('keeps the name a tenant gave, even to a built-in category', () => {
    expect(categoryName(i18n.t, { key: 'quality', name: 'Defects' }, 'quality')).toBe('Defects');
    expect(categoryName(i18n.t, { key: 'spares', name: 'Spare parts' }, 'spares')).toBe(
      'Spare parts',
    );
  });

  it('falls back to the key when the category is not known any more', () => {
    expect(categoryName(i18n.t, null, 'spares')).toBe('spares');
    expect(ticketsEn.categories.other).toBe('Other');
  });
});
