/** The order form's live preview and stock shortfalls, on the form and in the approval
 * dialog (`orderEntry.*` keys): English and Chinese texts, merged into en.ts and zh-CN.ts. */
export const orderEntryEn = {
  inStock: '{{available}} in stock at {{warehouse}}',
  short: 'Short: only {{available}} at {{warehouse}}',
  noWarehouse: 'No active warehouse',
  lineTotal: 'Line {{total}} incl. tax {{tax}}',
  minimum: 'Min. {{quantity}}',
  packSize: 'Packs of {{quantity}}',
  totalsTitle: 'Order total (server prices, before submit)',
  totalsPending: 'Choose the customer and a product to see the prices.',
  partial: 'Some lines are not priced yet; the totals cover the priced lines.',
  approvalNeeded: 'Submitting will send this order for approval',
  approvalStep: '{{level}} approval: {{reasons}}',
  noApproval: 'No approval needed: submitting confirms the order at once.',
  shortTitle: 'Not enough stock',
  shortLine:
    'Line {{line}} ({{sku}}): {{requested}} ordered, only {{available}} available at {{warehouse}}.',
  mayBackorder: 'Tick “Allow backorder” to reserve what is there and backorder the rest.',
  mayNotBackorder: 'Lower the quantity, or ask someone allowed to backorder to submit the order.',
  dialogShortTitle: 'Not enough stock to confirm this order',
  approveWithBackorder: 'Approve and backorder the shortfall',
  approverMayNotBackorder:
    'You may not backorder: reject the order, or approve it once stock has arrived.',
  backorderAtLastApproval:
    'Stock is reserved at the last approval, where the shortfall can be backordered.',
  shippedOf: '{{shipped}} of {{ordered}} shipped',
};

export const orderEntryZh: typeof orderEntryEn = {
  inStock: '{{warehouse}} 库存 {{available}}',
  short: '库存不足：{{warehouse}} 仅有 {{available}}',
  noWarehouse: '没有启用的仓库',
  lineTotal: '本行 {{total}}，含税 {{tax}}',
  minimum: '起订 {{quantity}}',
  packSize: '每包 {{quantity}}',
  totalsTitle: '订单合计（服务器计价，提交前）',
  totalsPending: '选择客户和商品后显示价格。',
  partial: '部分行尚未计价；合计仅包含已计价的行。',
  approvalNeeded: '提交后此订单需要审批',
  approvalStep: '{{level}}审批：{{reasons}}',
  noApproval: '无需审批：提交后订单立即确认。',
  shortTitle: '库存不足',
  shortLine: '第 {{line}} 行（{{sku}}）：订购 {{requested}}，{{warehouse}} 仅有 {{available}}。',
  mayBackorder: '勾选“允许缺货订购”可预留现有库存，其余部分缺货订购。',
  mayNotBackorder: '请减少数量，或请有缺货订购权限的同事提交订单。',
  dialogShortTitle: '库存不足，无法确认此订单',
  approveWithBackorder: '批准并对缺货部分缺货订购',
  approverMayNotBackorder: '您无权缺货订购：请驳回订单，或待到货后再批准。',
  backorderAtLastApproval: '库存在最后一级审批时预留，届时可对缺货部分缺货订购。',
  shippedOf: '已发货 {{shipped}} / {{ordered}}',
};
