/** Portal account and online payment: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`portalPayments.*` keys; `errors` entries join the shared `errors.*` codes). */
export const portalPaymentsEn = {
  nav: { account: 'Account' },
  account: {
    title: 'Account', balance: 'Open balance', balanceHelp: 'What you owe on your orders in all.',
    openAmounts: 'Open amounts', order: 'Order', terms: 'Terms', amountOpen: 'Open', dueDate: 'Due',
    overdue: 'Overdue', noOpenAmounts: 'Nothing is open. Thank you!', payments: 'Payments',
    number: 'Payment', method: 'Method', amount: 'Amount', receivedOn: 'Received on', orders: 'Orders',
    noPayments: 'No payments yet.',
  },
  methods: { bank_transfer: 'Bank transfer', cash: 'Cash', cheque: 'Cheque', stripe: 'Online (card)' },
  order: { payment: 'Payment', paymentStatus: 'Payment status', amountDue: 'Amount due' },
  paymentStatus: {
    UNPAID: 'Unpaid', PARTIALLY_PAID: 'Partially paid', PAID: 'Paid', PARTIALLY_REFUNDED: 'Partially refunded',
    REFUNDED: 'Refunded',
  },
  pay: {
    payNow: 'Pay now', title: 'Pay order {{number}}', amount: 'Amount to pay', card: 'Card details',
    pay: 'Pay {{amount}}', loadingForm: 'Loading the secure payment form…',
    formFailed: 'The payment form could not be loaded. Check your connection and try again.',
    failed: 'The payment did not go through. Please try again or use another card.',
    received: 'Payment received — it will show here in a moment',
    secured: 'Card details go straight to Stripe; we never see them.',
  },
};
export const portalPaymentsErrorsEn = {
  ONLINE_PAYMENT_UNAVAILABLE: 'Paying online is not available right now; please contact the seller.',
  NOTHING_TO_PAY: 'Nothing is left to pay on this order.',
  ORDER_NOT_CONFIRMED: 'The seller has not confirmed this order yet; you can pay once it is confirmed.',
};

export const portalPaymentsZh: typeof portalPaymentsEn = {
  nav: { account: '账户' },
  account: {
    title: '账户', balance: '未结余额', balanceHelp: '您所有订单的应付总额。',
    openAmounts: '未结款项', order: '订单', terms: '条款', amountOpen: '未付', dueDate: '到期日',
    overdue: '已逾期', noOpenAmounts: '没有未结款项，谢谢！', payments: '付款记录',
    number: '付款单号', method: '方式', amount: '金额', receivedOn: '收款日期', orders: '订单',
    noPayments: '暂无付款。',
  },
  methods: { bank_transfer: '银行转账', cash: '现金', cheque: '支票', stripe: '在线（银行卡）' },
  order: { payment: '付款', paymentStatus: '付款状态', amountDue: '应付金额' },
  paymentStatus: {
    UNPAID: '未付款', PARTIALLY_PAID: '部分付款', PAID: '已付款', PARTIALLY_REFUNDED: '部分退款',
    REFUNDED: '已退款',
  },
  pay: {
    payNow: '立即付款', title: '支付订单 {{number}}', amount: '应付金额', card: '银行卡信息',
    pay: '支付 {{amount}}', loadingForm: '正在加载安全支付表单…',
    formFailed: '支付表单加载失败。请检查网络后重试。',
    failed: '付款未成功。请重试或换一张卡。',
    received: '已收到付款——稍后会在此显示',
    secured: '银行卡信息直接发送至 Stripe，我们不会看到。',
  },
};
export const portalPaymentsErrorsZh: typeof portalPaymentsErrorsEn = {
  ONLINE_PAYMENT_UNAVAILABLE: '暂时无法在线付款，请联系卖方。',
  NOTHING_TO_PAY: '此订单已无待付金额。',
  ORDER_NOT_CONFIRMED: '卖方尚未确认此订单；确认后即可付款。',
};
