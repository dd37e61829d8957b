import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { zhCN } from './i18n/zh-CN';
import {
  actionText,
  approvalReasonText,
  historyNoteText,
  plainQuantity,
  priceRuleText,
  receivableTermText,
} from './serverText';

async function translator(language: 'en' | 'zh-CN') {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('server text', () => {
  it('words order actions and pricing rules in the reader language', async () => {
    const zh = await translator('zh-CN');
    expect(actionText(zh, 'MARK_READY_TO_SHIP')).toBe('待发货');
    expect(priceRuleText(zh, { kind: 'LIST' })).toBe('目录价');
    expect(priceRuleText(zh, { kind: 'VOLUME', bookName: 'Bulk', minQuantity: '10' })).toBe(
      'Bulk（10 件起）',
    );
  });

  it('writes a minimum quantity as people do, not at the API fixed scale', async () => {
    const english = await translator('en');
    const rule = { kind: 'VOLUME', bookName: 'Volume breaks', minQuantity: '10.000' };
    expect(priceRuleText(english, rule)).toBe('Volume breaks (from 10)');
    expect(plainQuantity('2.500')).toBe('2.5');
    expect(plainQuantity('100')).toBe('100');
  });

  it('words history notes as the server used to, and keeps the actor words', async () => {
    const english = await translator('en');
    const change = {
      noteCode: 'ORDER_CHANGED',
      noteParams: {
        lines: [{ sku: 'BOLT', before: '4', after: '10' }],
        delivery: { before: null, after: '2026-12-01' },
      },
      comment: 'customer asked',
    };
    expect(historyNoteText(english, change)).toBe(
      'Change: BOLT 4 → 10; delivery - → 2026-12-01 (customer asked)',
    );
    expect(historyNoteText(english, { noteCode: null, comment: 'typed' })).toBe('typed');
    const zh = await translator('zh-CN');
    expect(
      historyNoteText(zh, { noteCode: 'PAID_IN_FULL', noteParams: { payment: 'PAY-1' } }),
    ).toBe('已全额付款（PAY-1）');
  });

  it('words approval reasons from their figures, or keeps an old request sentence', async () => {
    const zh = await translator('zh-CN');
    const amount = {
      code: 'AMOUNT',
      message: 'Order total 150,000.00 USD is above 100,000.00 USD.',
      params: { total: '150000.00', threshold: '100000.00', currency: 'USD' },
    };
    expect(approvalReasonText(zh, 'zh-CN', amount)).toBe(
      '订单总额 US$150,000.00 超过 US$100,000.00。',
    );
    expect(approvalReasonText(zh, 'zh-CN', { ...amount, params: {} })).toBe(amount.message);
  });

  it('words what a receivable is', async () => {
    const english = await translator('en');
    const zh = await translator('zh-CN');
    const part = { kind: 'INSTALMENT', percent: '30', trigger: 'shipment', daysAfter: 10 };
    expect(receivableTermText(english, part)).toBe('30% 10 days after shipping');
    expect(receivableTermText(zh, part)).toBe('发货后 10 天支付 30%');
    expect(receivableTermText(zh, { kind: 'NET', trigger: 'shipment', daysAfter: 30 })).toBe(
      '账期 30 天',
    );
  });
});
