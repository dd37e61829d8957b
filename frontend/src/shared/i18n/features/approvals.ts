/** Approvals: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`approvals.*` keys; `errors` entries join the shared `errors.*` codes). */
export const approvalsEn = {};
export const approvalsErrorsEn = {};

export const approvalsZh: typeof approvalsEn = {};
export const approvalsErrorsZh: typeof approvalsErrorsEn = {};
