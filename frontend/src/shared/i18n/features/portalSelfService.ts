/** The portal's self-service parts (`portalSelfService.*` keys): refunds on an order, the
 * contact's own language and the tenant's sign-in address; English and Chinese texts, merged
 * into en.ts and zh-CN.ts. */
export const portalSelfServiceEn = {
  refunds: {
    title: 'Refunds',
    number: 'Refund',
    amount: 'Amount',
    status: 'Status',
    requestedAt: 'Requested',
    completedAt: 'Completed',
    statuses: {
      REQUESTED: 'Requested',
      PROCESSING: 'Being paid back',
      SUCCEEDED: 'Paid back',
      FAILED: 'Failed',
      REJECTED: 'Declined',
    },
  },
  language: {
    label: 'Language for emails',
    help: 'Emails about your orders are written in this language.',
    saved: 'Your language was saved.',
    options: { en: 'English', 'zh-CN': '简体中文' },
  },
  signIn: {
    tenantHint: 'Signing in to {{slug}}',
  },
};

export const portalSelfServiceZh: typeof portalSelfServiceEn = {
  refunds: {
    title: '退款',
    number: '退款单',
    amount: '金额',
    status: '状态',
    requestedAt: '申请时间',
    completedAt: '完成时间',
    statuses: {
      REQUESTED: '已申请',
      PROCESSING: '退款中',
      SUCCEEDED: '已退款',
      FAILED: '失败',
      REJECTED: '已拒绝',
    },
  },
  language: {
    label: '邮件语言',
    help: '有关您订单的邮件将使用此语言。',
    saved: '语言已保存。',
    options: { en: 'English', 'zh-CN': '简体中文' },
  },
  signIn: {
    tenantHint: '登录到 {{slug}}',
  },
};
