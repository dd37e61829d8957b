export const filesEn = {
  attach: 'Attach files',
  attachPhotos: 'Add photos',
  uploading: 'Uploading…',
  uploadFailed: 'The upload failed; try again.',
  attachments: 'Attachments',
  remove: 'Remove',
  photoHint: 'JPEG, PNG, GIF or WebP, up to 10 MB each.',
  fileHint: 'Images, PDFs, Office documents or text, up to 20 MB each.',
};

export const filesErrorsEn = {
  EMPTY_FILE: 'The file is empty.',
  FILE_ALREADY_ATTACHED: 'That file is already attached elsewhere; upload it again.',
  FILE_MISSING: 'Choose a file to upload.',
  FILE_NOT_FOUND: 'An uploaded file was not found; upload it again.',
  FILE_TOO_LARGE: 'The file is larger than {{limitMegabytes}} MB.',
  FILE_TYPE_NOT_ALLOWED: 'Only images, PDFs, Office documents and plain text can be attached.',
  NOT_AN_IMAGE: 'That file is not a JPEG, PNG, GIF or WebP image.',
  TOO_MANY_FILES: 'At most {{limit}} files can be attached.',
  UNKNOWN_PURPOSE: 'The upload was refused.',
  WRONG_PURPOSE: 'That file was uploaded for something else; upload it again.',
};

export const filesZh: typeof filesEn = {
  attach: '添加附件',
  attachPhotos: '添加照片',
  uploading: '正在上传…',
  uploadFailed: '上传失败，请重试。',
  attachments: '附件',
  remove: '移除',
  photoHint: 'JPEG、PNG、GIF 或 WebP，每张不超过 10 MB。',
  fileHint: '图片、PDF、Office 文档或纯文本，每个不超过 20 MB。',
};

export const filesErrorsZh: typeof filesErrorsEn = {
  EMPTY_FILE: '文件是空的。',
  FILE_ALREADY_ATTACHED: '该文件已附加到其他地方，请重新上传。',
  FILE_MISSING: '请选择要上传的文件。',
  FILE_NOT_FOUND: '找不到已上传的文件，请重新上传。',
  FILE_TOO_LARGE: '文件超过 {{limitMegabytes}} MB。',
  FILE_TYPE_NOT_ALLOWED: '只能附加图片、PDF、Office 文档和纯文本。',
  NOT_AN_IMAGE: '该文件不是 JPEG、PNG、GIF 或 WebP 图片。',
  TOO_MANY_FILES: '最多只能附加 {{limit}} 个文件。',
  UNKNOWN_PURPOSE: '上传被拒绝。',
  WRONG_PURPOSE: '该文件是为其他用途上传的，请重新上传。',
};
