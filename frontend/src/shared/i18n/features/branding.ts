/** Branding (`branding.*` keys): the tenant's legal name, address, tax id, bank-transfer
 * instructions and logo in settings, and how the portal offers bank transfer when paying
 * online is not set up. English and Chinese, merged into en.ts and zh-CN.ts. */
export const brandingEn = {
  title: 'Branding and documents',
  help: 'Printed on invoices and credit notes, used in emails and shown to customers in the portal.',
  legalName: 'Legal name',
  legalNameHelp: 'The registered company name; the company name is used while this is empty.',
  address: 'Address',
  taxId: 'Tax ID',
  bankDetails: 'Bank-transfer instructions',
  bankDetailsHelp:
    'Bank, account holder, IBAN or account number, and the reference to quote. Shown on invoices and in the portal.',
  logo: 'Logo',
  logoHelp: 'PNG or JPEG, at most 512 KB and 2000 pixels a side.',
  chooseLogo: 'Choose a logo',
  removeLogo: 'Remove logo',
  noLogo: 'No logo yet.',
  logoAlt: 'Company logo',
  logoUnreadable: 'The file could not be read.',
  errors: {
    TOO_LONG: 'At most {{max}} characters.',
    INVALID_LOGO: 'Upload the logo as a PNG or JPEG image.',
    LOGO_TOO_LARGE: 'The logo may be at most 512 KB and 2000 × 2000 pixels.',
  },
  bankTransfer: {
    button: 'Pay by bank transfer',
    title: 'Pay by bank transfer',
    intro: 'Paying online is not available. Please transfer the amount to:',
    reference: 'Quote {{reference}} as the payment reference.',
    noInstructions: 'Please contact us for payment instructions.',
  },
};

export const brandingZh: typeof brandingEn = {
  title: '品牌与单据',
  help: '打印在发票和贷项通知单上，用于邮件，并在客户门户中向客户显示。',
  legalName: '法定名称',
  legalNameHelp: '注册的公司名称；留空时使用公司名称。',
  address: '地址',
  taxId: '税号',
  bankDetails: '银行转账说明',
  bankDetailsHelp: '开户银行、户名、账号（或 IBAN）以及需填写的付款备注。显示在发票和客户门户中。',
  logo: '标志',
  logoHelp: 'PNG 或 JPEG，最大 512 KB，每边最多 2000 像素。',
  chooseLogo: '选择标志',
  removeLogo: '移除标志',
  noLogo: '尚未设置标志。',
  logoAlt: '公司标志',
  logoUnreadable: '无法读取该文件。',
  errors: {
    TOO_LONG: '最多 {{max}} 个字符。',
    INVALID_LOGO: '请上传 PNG 或 JPEG 格式的标志。',
    LOGO_TOO_LARGE: '标志最大 512 KB，尺寸不超过 2000 × 2000 像素。',
  },
  bankTransfer: {
    button: '银行转账付款',
    title: '银行转账付款',
    intro: '暂不支持在线付款。请将款项转账至：',
    reference: '付款备注请填写 {{reference}}。',
    noInstructions: '请联系我们获取付款方式。',
  },
};
