/** Global search and bulk actions on lists (`lists.*` keys, and `errors.*` keys for why a
 * bulk action left a row or refused the whole selection): English and Chinese texts, merged
 * into en.ts and zh-CN.ts. */
export const listsEn = {
  search: {
    placeholder: 'Search orders, customers, products, invoices…',
    label: 'Search everything',
    hint: 'Press / or Ctrl+K to search',
    orders: 'Orders',
    customers: 'Customers',
    products: 'Products',
    invoices: 'Invoices',
    nothing: 'Nothing found.',
  },
  invoiceNumber: 'Invoice number',
  bulk: {
    selected: '{{count}} selected',
    clear: 'Clear selection',
    assignOwner: 'Assign owner',
    addTag: 'Add tag',
    transition: 'Change status',
    owner: 'Owner',
    tag: 'Tag',
    action: 'Action',
    apply: 'Apply',
    report: 'Result',
    done: '{{ok}} of {{total}} done.',
    rowOk: 'Done',
    record: 'Record',
    outcome: 'Outcome',
  },
};
export const listsZh: typeof listsEn = {
  search: {
    placeholder: '搜索订单、客户、产品、发票…',
    label: '全局搜索',
    hint: '按 / 或 Ctrl+K 搜索',
    orders: '订单',
    customers: '客户',
    products: '产品',
    invoices: '发票',
    nothing: '没有找到结果。',
  },
  invoiceNumber: '发票号',
  bulk: {
    selected: '已选 {{count}} 项',
    clear: '清除选择',
    assignOwner: '分配负责人',
    addTag: '添加标签',
    transition: '变更状态',
    owner: '负责人',
    tag: '标签',
    action: '操作',
    apply: '执行',
    report: '执行结果',
    done: '{{total}} 项中 {{ok}} 项已完成。',
    rowOk: '已完成',
    record: '记录',
    outcome: '结果',
  },
};

/** Why a bulk action left a selected row as it was, or refused the whole selection. */
export const listsErrorsEn = {
  NOT_FOUND: 'Not found, or out of your reach.',
  UNKNOWN_OWNER: 'No such staff user.',
  INACTIVE_OWNER: 'This user is deactivated.',
  OUTSIDE_DATA_SCOPE:
    'You would no longer see this record; choose an owner or department within your data scope.',
  INVALID_PAGE_SIZE: 'Select 1 to 200 rows.',
};
export const listsErrorsZh: typeof listsErrorsEn = {
  NOT_FOUND: '未找到，或不在您的权限范围内。',
  UNKNOWN_OWNER: '没有这个员工用户。',
  INACTIVE_OWNER: '该用户已停用。',
  OUTSIDE_DATA_SCOPE: '这样您将无法再看到该记录；请选择您数据范围内的负责人或部门。',
  INVALID_PAGE_SIZE: '请选择 1 到 200 行。',
};
