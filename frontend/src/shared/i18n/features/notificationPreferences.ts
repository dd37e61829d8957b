/** Staff notification preferences (`notificationPreferences.*` keys), in the notification
 * drawer: per kind of notice, email as well or in-app only. */
export const notificationPreferencesEn = {
  open: 'Email settings',
  back: 'Back to notifications',
  title: 'Which notices also come by email',
  help: 'Every notice appears here in the console; choose which ones are emailed to you too.',
  choices: { default: 'Default', email: 'Email and in-app', inApp: 'In-app only' },
  defaultEmail: 'Default: emailed.',
  defaultAskedOnly: 'Default: emailed only for orders you chose to follow.',
  notSaved: 'The change was not saved. Try again.',
  kinds: {
    APPROVAL_REQUESTED: 'Approval requested of me',
    APPROVAL_REMINDER: 'Approval reminders',
    APPROVAL_REJECTED: 'My order was rejected',
    ORDER_MENTION: 'I was mentioned on an order',
    ORDER_COMMENT: 'New comments on orders I follow',
    ORDER_STATUS: 'Status changes of orders I follow',
    ORDER_CHANGE: 'Change requests on orders',
    RECEIVABLE_OVERDUE: 'Overdue receivables of my orders',
    RECONCILIATION_MISMATCH: 'Reconciliation mismatches',
    TICKET_SLA_BREACHED: 'Tickets past their SLA',
    TICKET_MENTION: 'I was mentioned on a ticket',
  },
};

export const notificationPreferencesZh: typeof notificationPreferencesEn = {
  open: '邮件设置',
  back: '返回通知',
  title: '哪些通知同时发送邮件',
  help: '所有通知都会显示在控制台中；请选择哪些通知同时发送到您的邮箱。',
  choices: { default: '默认', email: '邮件和站内', inApp: '仅站内' },
  defaultEmail: '默认：发送邮件。',
  defaultAskedOnly: '默认：仅对您主动关注的订单发送邮件。',
  notSaved: '更改未保存，请重试。',
  kinds: {
    APPROVAL_REQUESTED: '需要我审批',
    APPROVAL_REMINDER: '审批提醒',
    APPROVAL_REJECTED: '我的订单被驳回',
    ORDER_MENTION: '有人在订单中提到我',
    ORDER_COMMENT: '我关注的订单有新评论',
    ORDER_STATUS: '我关注的订单状态变化',
    ORDER_CHANGE: '订单变更申请',
    RECEIVABLE_OVERDUE: '我的订单应收款逾期',
    RECONCILIATION_MISMATCH: '对账不一致',
    TICKET_SLA_BREACHED: '工单超出 SLA',
    TICKET_MENTION: '有人在工单中提到我',
  },
};
