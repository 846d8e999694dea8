/** A file's content type said in words ("PDF document", "Word document"), for listings and properties. */
const NAMED: Record<string, string> = {
  'application/pdf': 'PDF document',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.ms-excel': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.ms-powerpoint': 'PowerPoint presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/rtf': 'Rich text document',
  'text/rtf': 'Rich text document',
  'text/plain': 'Text file',
  'text/csv': 'CSV spreadsheet',
  'text/html': 'Web page',
  'application/zip': 'ZIP archive',
  'application/x-zip-compressed': 'ZIP archive',
  'message/rfc822': 'Email message',
  'application/vnd.ms-outlook': 'Outlook message',
  'application/json': 'JSON file',
  'application/octet-stream': 'File',
};
const FAMILY: Record<string, string> = { image: 'image', audio: 'audio', video: 'video', text: 'text file' };

export function contentTypeInWords(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const named = NAMED[type];
  if (named) return named;
  const [family, sub = ''] = type.split('/') as [string, string | undefined];
  const word = FAMILY[family];
  if (word) {
    const format = sub.replace(/^x-/, '').replace(/\+.*$/, '').toUpperCase();
    return format ? `${format} ${word}` : word[0]!.toUpperCase() + word.slice(1);
  }
  return 'File';
}
