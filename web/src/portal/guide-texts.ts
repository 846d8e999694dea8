/**
 * The guide's sections, in order, with their pictures: real screens, made by
 * `npm run guide:screens` (e2e/guide-screens.ts) into web/public/guide/. Their words (title,
 * paragraphs, steps, the pictures' descriptions) are in the catalogues, `guide.sections.<id>`
 * (portal/i18n/en.ts, es.ts).
 */

export interface GuidePicture {
  /** Served with the web app: web/public/guide/<file>. */
  src: string;
  width: number;
  height: number;
}

export type GuideSectionId =
  | 'sign-in'
  | 'read-reply'
  | 'send-files'
  | 'shared-folders'
  | 'protected'
  | 'link-expired';

const picture = (file: string, height: number): GuidePicture => ({
  src: `/guide/${file}`,
  width: 390,
  height,
});

export const guideSections: { id: GuideSectionId; picture: GuidePicture }[] = [
  { id: 'sign-in', picture: picture('sign-in.webp', 620) },
  { id: 'read-reply', picture: picture('conversation.webp', 678) },
  { id: 'send-files', picture: picture('send-files.webp', 560) },
  { id: 'shared-folders', picture: picture('shared-folder.webp', 560) },
  { id: 'protected', picture: picture('protected.webp', 700) },
  { id: 'link-expired', picture: picture('link-expired.webp', 700) },
];
