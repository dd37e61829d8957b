/** Change requests: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`orderChanges.*` keys; `errors` entries join the shared `errors.*` codes). */
export const orderChangesEn = {};
export const orderChangesErrorsEn = {};

export const orderChangesZh: typeof orderChangesEn = {};
export const orderChangesErrorsZh: typeof orderChangesErrorsEn = {};
