/** Bulk import: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`imports.*` keys; `errors` entries join the shared `errors.*` codes). */
export const importsEn = {};
export const importsErrorsEn = {};

export const importsZh: typeof importsEn = {};
export const importsErrorsZh: typeof importsErrorsEn = {};
