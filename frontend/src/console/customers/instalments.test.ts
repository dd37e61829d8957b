import { describe, expect, it } from 'vitest';
import {
  blankRows,
  hundredths,
  instalmentInputs,
  percentText,
  placeTermsErrors,
  planTotal,
  presetThirtySeventy,
  rowsFromStored,
  termsText,
} from './instalments';

describe('instalment plans', () => {
  it('reads percentages with at most two decimals as exact hundredths', () => {
    expect(hundredths('30')).toBe(3000);
    expect(hundredths('12.5')).toBe(1250);
    expect(hundredths(33.33)).toBe(3333);
    expect(hundredths('0.01')).toBe(1);
    expect(hundredths('1.234')).toBeNull();
    expect(hundredths('-5')).toBeNull();
    expect(hundredths(null)).toBeNull();
    expect(hundredths('')).toBeNull();
  });

  it('totals the rows without float drift and tells a complete plan', () => {
    expect(planTotal(presetThirtySeventy())).toEqual({ text: '100', complete: true });
    expect(planTotal([{ percent: '33.33' }, { percent: '33.33' }, { percent: '33.34' }])).toEqual({
      text: '100',
      complete: true,
    });
    expect(planTotal([{ percent: '40' }, { percent: '40' }, { percent: '10' }])).toEqual({
      text: '90',
      complete: false,
    });
    expect(planTotal([{ percent: '0.1' }, { percent: '0.2' }])).toEqual({
      text: '0.3',
      complete: false,
    });
    expect(planTotal([{ percent: '12.05' }])).toEqual({ text: '12.05', complete: false });
    expect(planTotal([{ percent: '100' }, undefined])).toEqual({ text: '100', complete: false });
    expect(planTotal(blankRows())).toEqual({ text: '0', complete: false });
  });

  it('turns rows into the API input and stored parts back into rows', () => {
    expect(
      instalmentInputs([
        { percent: 40, trigger: 'SHIPMENT', daysAfter: 10 },
        { percent: '60', trigger: 'DELIVERY' },
      ]),
    ).toEqual([
      { percent: '40', trigger: 'SHIPMENT', daysAfter: 10 },
      { percent: '60', trigger: 'DELIVERY', daysAfter: 0 },
    ]);
    expect(
      rowsFromStored([
        { percent: '30.00', trigger: 'CONFIRMATION', daysAfter: 0, label: '30% on confirmation' },
      ]),
    ).toEqual([{ percent: '30.00', trigger: 'CONFIRMATION', daysAfter: 0 }]);
    expect(percentText('30.00')).toBe('30');
    expect(percentText('12.50')).toBe('12.5');
    expect(percentText('100')).toBe('100');
  });

  it('places the API errors on the credit form', () => {
    const code = 'INVALID_PAYMENT_TERMS';
    const { placed, rest } = placeTermsErrors(
      [
        { field: ['input', 'paymentTerms', 'instalments', '1', 'percent'], code, message: 'm' },
        { field: ['paymentTerms', 'instalments', '2', 'daysAfter'], code, message: 'm' },
        { field: ['paymentTerms', 'instalments'], code, message: 'm' },
        { field: ['paymentTerms', 'netDays'], code, message: 'm' },
        { field: ['paymentTerms', 'kind'], code, message: 'm' },
        { field: ['creditLimit'], code: 'INVALID_AMOUNT', message: 'm' },
      ],
      { kind: 'INSTALMENTS', rows: 3 },
    );
    expect(placed.map((p) => [p.name, p.problem])).toEqual([
      [['instalments', 1, 'percent'], 'percent'],
      [['instalments', 2, 'daysAfter'], 'daysAfter'],
      [['instalments'], 'planTotal'],
      [['netDays'], 'netDays'],
      [['paymentKind'], 'kind'],
    ]);
    expect(rest.map((e) => e.field)).toEqual([['creditLimit']]);
    const plan = [{ field: ['paymentTerms', 'instalments'], code, message: 'm' }];
    expect(placeTermsErrors(plan, { kind: 'INSTALMENTS', rows: 1 }).placed[0]?.problem).toBe(
      'planSize',
    );
    expect(placeTermsErrors(plan, { kind: 'INSTALMENTS', rows: 13 }).placed[0]?.problem).toBe(
      'planSize',
    );
    expect(placeTermsErrors(plan, { kind: 'NET', rows: 0 }).placed[0]?.problem).toBe(
      'planNotAllowed',
    );
  });

  it('writes the terms as one line', () => {
    const describe = {
      kind: (k: string) => k,
      net: (d: number) => `Net ${d}`,
      part: (p: { label: string }) => p.label,
    };
    expect(termsText({ kind: 'PREPAID', instalments: [] }, describe)).toBe('PREPAID');
    expect(termsText({ kind: 'NET', netDays: 30, instalments: [] }, describe)).toBe('Net 30');
    expect(
      termsText(
        {
          kind: 'INSTALMENTS',
          instalments: [
            {
              percent: '30.00',
              trigger: 'CONFIRMATION',
              daysAfter: 0,
              label: '30% on confirmation',
            },
            {
              percent: '70.00',
              trigger: 'DELIVERY',
              daysAfter: 30,
              label: '70% 30 days after delivery',
            },
          ],
        },
        describe,
      ),
    ).toBe('30% on confirmation · 70% 30 days after delivery');
  });
});
