/** An order's totals breakdown (`orderTotals.*` keys), the same on the console and the
 * portal: English and Chinese texts, merged into en.ts and zh-CN.ts. */
export const orderTotalsEn = {
  subtotal: 'Subtotal (before discounts and tax)',
  discounts: 'Discounts',
  net: 'Net (after discounts)',
  taxAt: 'Tax {{rate}} on {{base}}',
  tax: 'Tax',
  total: 'Total (tax included)',
  lineNet: 'Net (excl. tax)',
  lineTotal: 'Total (incl. tax)',
  discountPercent: '{{percent}} % off',
};

export const orderTotalsZh: typeof orderTotalsEn = {
  subtotal: '小计（折扣及税前）',
  discounts: '折扣',
  net: '净额（折扣后）',
  taxAt: '税额 {{rate}}（计税金额 {{base}}）',
  tax: '税额',
  total: '合计（含税）',
  lineNet: '净额（不含税）',
  lineTotal: '金额（含税）',
  discountPercent: '优惠 {{percent}}%',
};
