/** Shipments: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`shipments.*` keys; `errors` entries join the shared `errors.*` codes). */
export const shipmentsEn = {};
export const shipmentsErrorsEn = {};

export const shipmentsZh: typeof shipmentsEn = {};
export const shipmentsErrorsZh: typeof shipmentsErrorsEn = {};
