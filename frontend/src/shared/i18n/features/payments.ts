/** Payments (the tenant's Stripe connection): English and Chinese texts, merged into en.ts and
 * zh-CN.ts (`payments.*` keys; `errors` entries join the shared `errors.*` codes). */
export const paymentsEn = {
  stripeTitle: 'Payments — Stripe',
  status: 'Status',
  connected: 'Connected',
  notConnected: 'Not connected',
  webhookUrl: 'Webhook URL',
  webhookUrlHelp:
    'In the Stripe dashboard, add a webhook endpoint with this URL, then paste its signing secret below.',
  secretKey: 'Secret key',
  secretKeyHelp: 'Starts with sk_ or rk_ (a restricted key). Leave empty to keep the stored key.',
  webhookSecret: 'Webhook signing secret',
  webhookSecretHelp: 'Starts with whsec_. Leave empty to keep the stored secret.',
  webhookSecretStored: 'Stored — leave empty to keep it',
  publishableKey: 'Publishable key',
  publishableKeyHelp:
    'Starts with pk_; the customer portal’s payment form uses it. Test and live keys cannot be mixed.',
  paymentMethods: 'Payment methods',
  paymentMethodsHelp: 'Alipay and WeChat Pay are offered where the currency allows.',
  methods: { CARD: 'Card', ALIPAY: 'Alipay', WECHAT_PAY: 'WeChat Pay' },
  save: 'Save Stripe settings',
  saved: 'Stripe settings saved.',
  testConnection: 'Test connection',
  connectedTestMode: 'Connected to Stripe (test mode)',
  connectedLiveMode: 'Connected to Stripe (live mode)',
  lastTest: 'Last test',
  lastTestPassed: 'Passed',
  lastTestFailed: 'Failed',
  testOutcomes: {
    STRIPE_KEY_REJECTED: 'Stripe rejected the secret key.',
    STRIPE_KEY_PERMISSION:
      'The key may not read the Stripe account (a restricted key without that permission?).',
    STRIPE_UNREACHABLE: 'Stripe could not be reached. Try again later.',
    STRIPE_ERROR: 'Stripe reported an error.',
  },
  testFailed: 'The connection test failed.',
};
export const paymentsErrorsEn = {
  INVALID_STRIPE_SECRET_KEY:
    'A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
  INVALID_WEBHOOK_SECRET: 'A webhook signing secret starts with whsec_.',
  INVALID_PUBLISHABLE_KEY: 'A publishable key starts with pk_test_ or pk_live_.',
  KEY_MODE_MISMATCH:
    'The publishable key and the secret key must both be test keys or both live keys.',
  PAYMENT_METHODS_EMPTY: 'Choose at least one payment method.',
  STRIPE_NOT_CONFIGURED: 'Save a Stripe secret key first, then test the connection.',
};

export const paymentsZh: typeof paymentsEn = {
  stripeTitle: '支付 — Stripe',
  status: '状态',
  connected: '已连接',
  notConnected: '未连接',
  webhookUrl: 'Webhook 地址',
  webhookUrlHelp: '请在 Stripe 控制台中用此地址添加 Webhook 端点，然后将其签名密钥粘贴到下方。',
  secretKey: '密钥',
  secretKeyHelp: '以 sk_ 或 rk_（受限密钥）开头。留空则保留已保存的密钥。',
  webhookSecret: 'Webhook 签名密钥',
  webhookSecretHelp: '以 whsec_ 开头。留空则保留已保存的签名密钥。',
  webhookSecretStored: '已保存 — 留空则保留',
  publishableKey: '可发布密钥',
  publishableKeyHelp: '以 pk_ 开头，供客户门户的付款表单使用。测试密钥与正式密钥不能混用。',
  paymentMethods: '支付方式',
  paymentMethodsHelp: '支付宝和微信支付仅在币种支持时提供。',
  methods: { CARD: '银行卡', ALIPAY: '支付宝', WECHAT_PAY: '微信支付' },
  save: '保存 Stripe 设置',
  saved: 'Stripe 设置已保存。',
  testConnection: '测试连接',
  connectedTestMode: '已连接 Stripe（测试模式）',
  connectedLiveMode: '已连接 Stripe（正式模式）',
  lastTest: '最近测试',
  lastTestPassed: '通过',
  lastTestFailed: '失败',
  testOutcomes: {
    STRIPE_KEY_REJECTED: 'Stripe 拒绝了该密钥。',
    STRIPE_KEY_PERMISSION: '该密钥无权读取 Stripe 账户（可能是缺少此权限的受限密钥）。',
    STRIPE_UNREACHABLE: '无法连接 Stripe，请稍后重试。',
    STRIPE_ERROR: 'Stripe 返回了错误。',
  },
  testFailed: '连接测试失败。',
};
export const paymentsErrorsZh: typeof paymentsErrorsEn = {
  INVALID_STRIPE_SECRET_KEY: 'Stripe 密钥须以 sk_test_、sk_live_、rk_test_ 或 rk_live_ 开头。',
  INVALID_WEBHOOK_SECRET: 'Webhook 签名密钥须以 whsec_ 开头。',
  INVALID_PUBLISHABLE_KEY: '可发布密钥须以 pk_test_ 或 pk_live_ 开头。',
  KEY_MODE_MISMATCH: '可发布密钥与密钥须同为测试密钥或同为正式密钥。',
  PAYMENT_METHODS_EMPTY: '请至少选择一种支付方式。',
  STRIPE_NOT_CONFIGURED: '请先保存 Stripe 密钥，再测试连接。',
};
