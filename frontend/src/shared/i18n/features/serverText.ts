/** What the server says as codes (`serverText.*` keys): order actions, pricing rules and
 * status history notes, worded here in English and Chinese (see shared/serverText.ts). */
export const serverTextEn = {
  actions: {
    SUBMIT: 'Submit',
    CONFIRM: 'Confirm',
    REQUEST_APPROVAL: 'Request approval',
    REJECT: 'Reject',
    REQUEST_PAYMENT: 'Request payment',
    MARK_PAID: 'Mark paid',
    MARK_READY_TO_SHIP: 'Ready to ship',
    SHIP: 'Ship',
    MARK_DELIVERED: 'Mark delivered',
    COMPLETE: 'Complete',
    CANCEL: 'Cancel',
  },
  priceRule: {
    LIST: 'List price',
    PROMOTION: '{{book}}',
    VOLUME: '{{book}} (from {{quantity}})',
    TIER: '{{book}}',
    REGION: '{{book}}',
  },
  notes: {
    PAID_IN_FULL: 'Paid in full ({{payment}})',
    ORDER_CHANGED: 'Change: {{parts}}',
    changedLine: '{{sku}} {{before}} → {{after}}',
    changedDelivery: 'delivery {{before}} → {{after}}',
    changedShipTo: 'ship to {{recipient}}, {{city}}',
    partSeparator: '; ',
    withComment: '{{note}} ({{comment}})',
  },
};

export const serverTextZh: typeof serverTextEn = {
  actions: {
    SUBMIT: '提交',
    CONFIRM: '确认',
    REQUEST_APPROVAL: '申请审批',
    REJECT: '驳回',
    REQUEST_PAYMENT: '请求付款',
    MARK_PAID: '标记已付款',
    MARK_READY_TO_SHIP: '待发货',
    SHIP: '发货',
    MARK_DELIVERED: '标记已送达',
    COMPLETE: '完成',
    CANCEL: '取消订单',
  },
  priceRule: {
    LIST: '目录价',
    PROMOTION: '{{book}}（促销价）',
    VOLUME: '{{book}}（{{quantity}} 件起）',
    TIER: '{{book}}（等级价）',
    REGION: '{{book}}（区域价）',
  },
  notes: {
    PAID_IN_FULL: '已全额付款（{{payment}}）',
    ORDER_CHANGED: '变更：{{parts}}',
    changedLine: '{{sku}} {{before}} → {{after}}',
    changedDelivery: '交货日期 {{before}} → {{after}}',
    changedShipTo: '收货地址改为 {{recipient}}，{{city}}',
    partSeparator: '；',
    withComment: '{{note}}（{{comment}}）',
  },
};
