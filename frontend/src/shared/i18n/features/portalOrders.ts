/** Portal ordering: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`portalOrders.*` keys; `errors` entries join the shared `errors.*` codes). */
export const portalOrdersEn = {
  nav: { home: 'Home', placeOrder: 'Place order', myOrders: 'My orders' },
  home: {
    recentOrders: 'Recent orders', noOrders: 'You have not placed any orders yet.', viewAll: 'All orders',
  },
  steps: { items: 'Items', delivery: 'Delivery', review: 'Review' },
  catalog: {
    title: 'Catalogue', search: 'Search by code or name', code: 'Code', item: 'Item', price: 'Your price',
    perUnit: 'per {{unit}}', minimum: 'Min. {{quantity}}', pack: 'Packs of {{quantity}}',
    quantity: 'Quantity', add: 'Add', added: '{{code}} added to the cart.', empty: 'No items match.',
  },
  availability: { IN_STOCK: 'In stock', LOW: 'Low stock', OUT_OF_STOCK: 'Out of stock' },
  cart: {
    title: 'Cart', empty: 'Your cart is empty. Add items from the catalogue.', remove: 'Remove',
    lineTotal: 'Line total', subtotal: 'Subtotal (before tax)', tax: 'Tax (estimate)', total: 'Total (estimate)',
    priceNote: 'Prices are before tax and confirmed when you place the order.',
  },
  delivery: {
    shipTo: 'Ship to', billTo: 'Bill to', date: 'Requested delivery date', notes: 'Note for the seller',
    customerDefault: 'Your default address', noAddresses: 'No addresses on file; the seller will contact you.',
  },
  review: { next: 'Next', back: 'Back', place: 'Place order', noDate: 'As soon as possible' },
  confirm: {
    title: 'Order {{number}} placed', body: 'We will keep you posted; follow its progress under My orders.',
    viewOrder: 'View order', another: 'Place another order',
  },
  orders: {
    title: 'My orders', number: 'Order', placed: 'Placed', status: 'Status', total: 'Total',
    deliveryDate: 'Wanted by', empty: 'No orders yet.',
  },
  detail: {
    back: 'Back to my orders', progress: 'Progress', lines: 'Items', item: 'Item', quantity: 'Quantity',
    unitPrice: 'Unit price', lineTotal: 'Total', shipped: 'Shipped {{quantity}}', shipping: 'Shipping',
    carrier: 'Carrier', tracking: 'Tracking number', shipTo: 'Ship to', billTo: 'Bill to',
    subtotal: 'Subtotal', tax: 'Tax', total: 'Total', notShipped: 'Not shipped yet.',
    shippedAt: 'Shipped on', deliveredAt: 'Delivered on', contents: 'Contents',
  },
  status: {
    DRAFT: 'Returned for changes', SUBMITTED: 'Submitted', PENDING_APPROVAL: 'Awaiting approval',
    CONFIRMED: 'Confirmed', AWAITING_PAYMENT: 'Awaiting payment', PAID: 'Paid', READY_TO_SHIP: 'Ready to ship',
    SHIPPED: 'Shipped', DELIVERED: 'Delivered', COMPLETED: 'Completed', CANCELLED: 'Cancelled',
  },
  milestone: {
    PLACED: 'Placed', AWAITING_APPROVAL: 'Awaiting approval', CONFIRMED: 'Confirmed', PAID: 'Paid',
    READY_TO_SHIP: 'Ready to ship', SHIPPED: 'Shipped', DELIVERED: 'Delivered', COMPLETED: 'Completed',
    CANCELLED: 'Cancelled', skipped: 'Not needed',
  },
  insufficient: 'Not enough stock; available: {{available}}.',
};
export const portalOrdersErrorsEn = {
  EMPTY_ORDER: 'Add at least one item.',
  UNKNOWN_SKU: 'This item does not exist.',
  INACTIVE_PRODUCT: 'This item is no longer sold.',
  BELOW_MIN_ORDER_QUANTITY: 'Below the minimum order quantity.',
  NOT_PACK_SIZE_MULTIPLE: 'Order whole packs.',
  UNKNOWN_ADDRESS: 'Choose one of your addresses.',
  INVALID_DELIVERY_DATE: 'The delivery date has passed.',
  IDEMPOTENCY_CONFLICT: 'This order was already sent with other contents; reload and try again.',
  PRICE_BELOW_COST: 'This item cannot be ordered at this price; please contact the seller.',
};

export const portalOrdersZh: typeof portalOrdersEn = {
  nav: { home: '首页', placeOrder: '下单', myOrders: '我的订单' },
  home: { recentOrders: '最近订单', noOrders: '您还没有下过订单。', viewAll: '全部订单' },
  steps: { items: '商品', delivery: '配送', review: '确认' },
  catalog: {
    title: '商品目录', search: '按编码或名称搜索', code: '编码', item: '商品', price: '您的价格',
    perUnit: '每{{unit}}', minimum: '起订 {{quantity}}', pack: '每包 {{quantity}}',
    quantity: '数量', add: '加入', added: '{{code}} 已加入购物车。', empty: '没有匹配的商品。',
  },
  availability: { IN_STOCK: '有货', LOW: '库存紧张', OUT_OF_STOCK: '缺货' },
  cart: {
    title: '购物车', empty: '购物车为空，请从商品目录添加商品。', remove: '移除',
    lineTotal: '小计', subtotal: '小计（不含税）', tax: '税额（估算）', total: '合计（估算）',
    priceNote: '价格不含税，以下单时确认的价格为准。',
  },
  delivery: {
    shipTo: '收货地址', billTo: '账单地址', date: '期望交货日期', notes: '给卖方的备注',
    customerDefault: '您的默认地址', noAddresses: '暂无地址，卖方将与您联系。',
  },
  review: { next: '下一步', back: '上一步', place: '提交订单', noDate: '尽快' },
  confirm: {
    title: '订单 {{number}} 已提交', body: '我们会及时通知您；可在“我的订单”中查看进度。',
    viewOrder: '查看订单', another: '再下一单',
  },
  orders: {
    title: '我的订单', number: '订单', placed: '下单时间', status: '状态', total: '金额',
    deliveryDate: '期望交货', empty: '暂无订单。',
  },
  detail: {
    back: '返回我的订单', progress: '进度', lines: '商品', item: '商品', quantity: '数量',
    unitPrice: '单价', lineTotal: '金额', shipped: '已发 {{quantity}}', shipping: '物流',
    carrier: '承运商', tracking: '运单号', shipTo: '收货地址', billTo: '账单地址',
    subtotal: '小计', tax: '税额', total: '合计', notShipped: '尚未发货。',
    shippedAt: '发货时间', deliveredAt: '送达时间', contents: '内容',
  },
  status: {
    DRAFT: '已退回修改', SUBMITTED: '已提交', PENDING_APPROVAL: '待审批',
    CONFIRMED: '已确认', AWAITING_PAYMENT: '待付款', PAID: '已付款', READY_TO_SHIP: '待发货',
    SHIPPED: '已发货', DELIVERED: '已送达', COMPLETED: '已完成', CANCELLED: '已取消',
  },
  milestone: {
    PLACED: '已下单', AWAITING_APPROVAL: '待审批', CONFIRMED: '已确认', PAID: '已付款',
    READY_TO_SHIP: '待发货', SHIPPED: '已发货', DELIVERED: '已送达', COMPLETED: '已完成',
    CANCELLED: '已取消', skipped: '无需此步',
  },
  insufficient: '库存不足；可用数量：{{available}}。',
};
export const portalOrdersErrorsZh: typeof portalOrdersErrorsEn = {
  EMPTY_ORDER: '请至少添加一件商品。',
  UNKNOWN_SKU: '该商品不存在。',
  INACTIVE_PRODUCT: '该商品已停售。',
  BELOW_MIN_ORDER_QUANTITY: '低于起订量。',
  NOT_PACK_SIZE_MULTIPLE: '请按整包订购。',
  UNKNOWN_ADDRESS: '请选择您的地址。',
  INVALID_DELIVERY_DATE: '交货日期已过。',
  IDEMPOTENCY_CONFLICT: '此订单已以不同内容提交过；请刷新后重试。',
  PRICE_BELOW_COST: '该商品暂不能以此价格订购，请联系卖方。',
};
