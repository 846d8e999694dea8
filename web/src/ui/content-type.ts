/** A file's content type said in words ("PDF document", "Word document"), for listings and properties. */
export type ContentTypeWord =
  | 'pdf'
  | 'word'
  | 'excel'
  | 'powerpoint'
  | 'odt'
  | 'rtf'
  | 'text'
  | 'csv'
  | 'html'
  | 'zip'
  | 'email'
  | 'outlook'
  | 'json'
  | 'file';
type Family = 'image' | 'audio' | 'video' | 'text';

const NAMED: Record<string, ContentTypeWord> = {
  'application/pdf': 'pdf',
  'application/msword': 'word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word',
  'application/vnd.ms-excel': 'excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'excel',
  'application/vnd.ms-powerpoint': 'powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'powerpoint',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'text/plain': 'text',
  'text/csv': 'csv',
  'text/html': 'html',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'message/rfc822': 'email',
  'application/vnd.ms-outlook': 'outlook',
  'application/json': 'json',
  'application/octet-stream': 'file',
};
const FAMILIES: readonly string[] = ['image', 'audio', 'video', 'text'];

/** What kind of file it is: a named kind, or a family with its format ("PNG" image), for any language. */
export function contentTypeKind(
  contentType: string,
): { word: ContentTypeWord } | { family: Family; format: string } {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const named = NAMED[type];
  if (named) return { word: named };
  const [family, sub = ''] = type.split('/') as [string, string | undefined];
  if (FAMILIES.includes(family)) {
    return { family: family as Family, format: sub.replace(/^x-/, '').replace(/\+.*$/, '').toUpperCase() };
  }
  return { word: 'file' };
}

/** In English; the portal's catalogue (`portal/i18n/en.ts`) takes these as its `fileTypes`. */
export const CONTENT_TYPE_WORDS: Record<ContentTypeWord, string> = {
  pdf: 'PDF document',
  word: 'Word document',
  excel: 'Excel spreadsheet',
  powerpoint: 'PowerPoint presentation',
  odt: 'OpenDocument text',
  rtf: 'Rich text document',
  text: 'Text file',
  csv: 'CSV spreadsheet',
  html: 'Web page',
  zip: 'ZIP archive',
  email: 'Email message',
  outlook: 'Outlook message',
  json: 'JSON file',
  file: 'File',
};
const FAMILY_WORD: Record<Family, string> = {
  image: 'image',
  audio: 'audio',
  video: 'video',
  text: 'text file',
};

/** In English (the staff app); the portal says it in its language (`portal/i18n/file-types.ts`). */
export function contentTypeInWords(contentType: string): string {
  const kind = contentTypeKind(contentType);
  if ('word' in kind) return CONTENT_TYPE_WORDS[kind.word];
  const word = FAMILY_WORD[kind.family];
  return kind.format ? `${kind.format} ${word}` : word[0]!.toUpperCase() + word.slice(1);
}
