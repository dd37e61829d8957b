/** Order screens: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`orders.*` keys; `errors` entries join the shared `errors.*` codes). */
export const ordersEn = {};
export const ordersErrorsEn = {};

export const ordersZh: typeof ordersEn = {};
export const ordersErrorsZh: typeof ordersErrorsEn = {};
