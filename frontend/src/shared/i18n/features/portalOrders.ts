/** Portal ordering: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`portalOrders.*` keys; `errors` entries join the shared `errors.*` codes). */
export const portalOrdersEn = {};
export const portalOrdersErrorsEn = {};

export const portalOrdersZh: typeof portalOrdersEn = {};
export const portalOrdersErrorsZh: typeof portalOrdersErrorsEn = {};
