import type { TFunction } from 'i18next';
import { contentTypeKind } from '../../ui/content-type';

/** A file's type in words in the portal's language: "Word document", "Documento de Word". */
export function fileTypeInWords(t: TFunction, contentType: string): string {
  const kind = contentTypeKind(contentType);
  if ('word' in kind) return t(`fileTypes.${kind.word}`);
  if (!kind.format) return t(`fileTypes.${kind.family === 'text' ? 'text' : kind.family}`);
  return t(`fileTypes.${kind.family}Of`, { format: kind.format });
}
