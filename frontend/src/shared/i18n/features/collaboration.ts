/** Comments, mentions and followers: English and Chinese texts, merged into en.ts and zh-CN.ts
 * (`collaboration.*` keys; `errors` entries join the shared `errors.*` codes). */
export const collaborationEn = {};
export const collaborationErrorsEn = {};

export const collaborationZh: typeof collaborationEn = {};
export const collaborationErrorsZh: typeof collaborationErrorsEn = {};
