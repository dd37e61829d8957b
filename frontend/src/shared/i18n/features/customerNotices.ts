/** Customer notices (`customerNotices.*` keys): the emails customers get about their
 * orders, switched on or off in Settings. */
export const customerNoticesEn = {
  title: 'Emails to customers',
  help: 'Sent to the portal contact who placed the order, otherwise to the customer’s own address, in the contact’s language.',
  orderConfirmed: 'Order confirmed',
  orderConfirmedHelp: 'When an order is confirmed.',
  orderShipped: 'Order shipped',
  orderShippedHelp: 'When a shipment leaves, with the carrier, tracking number and tracking link.',
  orderDelivered: 'Order delivered',
  orderDeliveredHelp: 'When the whole order has been delivered.',
  notSaved: 'The change was not saved. Try again.',
};

export const customerNoticesZh: typeof customerNoticesEn = {
  title: '客户邮件通知',
  help: '发送给在门户下单的联系人；否则发送到客户本身的邮箱，并使用联系人的语言。',
  orderConfirmed: '订单已确认',
  orderConfirmedHelp: '订单确认时发送。',
  orderShipped: '订单已发货',
  orderShippedHelp: '每批货物发出时发送，包含承运商、运单号和物流跟踪链接。',
  orderDelivered: '订单已送达',
  orderDeliveredHelp: '整张订单送达时发送。',
  notSaved: '更改未保存，请重试。',
};
