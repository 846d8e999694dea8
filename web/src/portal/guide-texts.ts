/**
 * Every sentence of the portal's guide and welcome, in one place, so that the languages step
 * (issue 13 item 7) can move them into the English and Spanish catalogues in one go.
 * The pictures are real screens, made by `npm run guide:screens` (e2e/guide-screens.ts) into
 * web/public/guide/; each has its size and a description for people who cannot see it.
 */

export interface GuidePicture {
  /** Served with the web app: web/public/guide/<file>. */
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface GuideSection {
  /** The section's anchor: /portal/guide#<id>. */
  id: string;
  title: string;
  /** Short sentences, one paragraph each. */
  paragraphs: string[];
  /** Numbered steps, when the section is something to do. */
  steps?: string[];
  picture: GuidePicture;
}

const picture = (file: string, alt: string, height: number): GuidePicture => ({
  src: `/guide/${file}`,
  alt,
  width: 390,
  height,
});

export const guideTexts = {
  pageTitle: 'Guide',
  linkLabel: 'Guide',
  heading: (firm: string | undefined) =>
    firm ? `How to use the ${firm} client portal` : 'How to use the client portal',
  intro: (firm: string | undefined) =>
    `This portal is a private place to talk with ${firm ?? 'your law firm'} and to exchange documents. Only you and the people working on your matter can see what is in it. Here is how it works, step by step.`,
  contentsLabel: 'On this page',
  signInLink: 'Go to the sign-in page',
  homeLink: 'Back to your messages',
  help: (firm: string | undefined) =>
    `Still stuck? Reply to the last email ${firm ?? 'your law firm'} sent you, or call them. They are happy to help.`,
  sections: [
    {
      id: 'sign-in',
      title: 'Signing in with a link by email',
      paragraphs: [
        'You do not need a password.',
        'Each time you want to come in, we send you a link by email. The link signs you in.',
      ],
      steps: [
        'Open the sign-in page and type your email address.',
        'Press "Email me a sign-in link".',
        'Open the email from your law firm and press the button in it.',
      ],
      picture: picture(
        'sign-in.webp',
        'The sign-in page on a phone: the firm’s name at the top, an Email box and a button "Email me a sign-in link".',
        620,
      ),
    },
    {
      id: 'read-reply',
      title: 'Reading messages and replying',
      paragraphs: [
        'After you sign in, you see your messages. A number shows how many are new.',
        'Tap a conversation to read it. The newest message is at the bottom.',
        'To answer, type in the box "Your reply" and press "Send reply".',
      ],
      picture: picture(
        'conversation.webp',
        'A conversation on a phone: a message from the law firm, and below it the box "Your reply" with the button "Send reply".',
        678,
      ),
    },
    {
      id: 'send-files',
      title: 'Sending files',
      paragraphs: [
        'You can send documents and photos with your reply.',
        'Under the reply box, press "Add files" and pick them from your phone or computer. Then press "Send reply".',
        'The files go to your law firm only, over a secure connection.',
      ],
      picture: picture(
        'send-files.webp',
        'The reply box with a typed answer and one picked file, ready to send.',
        560,
      ),
    },
    {
      id: 'shared-folders',
      title: 'Shared folders that update by themselves',
      paragraphs: [
        'Your law firm can share a folder of documents with you. You find it on your home page under "Shared with you".',
        'When they add a file or a new version, you see it at once. You do not need to ask again or reload the page.',
        'Press the Download button of a file to keep a copy.',
      ],
      picture: picture(
        'shared-folder.webp',
        'A shared folder on a phone: a list of documents, each with its version, date and a Download link.',
        560,
      ),
    },
    {
      id: 'protected',
      title: 'Protected messages and the code',
      paragraphs: [
        'Some messages are protected. You see a lock instead of the text.',
        'To open one, press "Email me a code" (or "Text me a code"). Type the code you get and press "Unlock".',
        'The code works once and only for a few minutes. Never give it to anyone: your law firm will never ask you for it.',
      ],
      picture: picture(
        'protected.webp',
        'A protected message on a phone: the text is hidden, with a button "Email me a code", a Code box and an Unlock button.',
        700,
      ),
    },
    {
      id: 'link-expired',
      title: 'When a link has expired',
      paragraphs: [
        'For your safety, a sign-in link works once, and only for a short time.',
        'If the page says the link has expired or was already used, that is fine. Type your email address on the same page and press "Email me a sign-in link". A new link comes by email.',
      ],
      picture: picture(
        'link-expired.webp',
        'The page after an old link: a note "This sign-in link has expired or was already used" and, below it, the form to ask for a new link.',
        700,
      ),
    },
  ] satisfies GuideSection[],
  /** On the sign-in page. */
  newHere: 'New to the portal?',
  readGuide: 'Read the guide',
  welcome: {
    heading: 'Welcome',
    /** When the firm has set no welcome text (GET /branding `welcomeText` is null). */
    defaultText: (firm: string | undefined) =>
      `Welcome to the ${firm ? `${firm} ` : ''}client portal. Here you can read messages from ${firm ?? 'your law firm'}, reply to them and exchange documents safely.`,
    guideLink: 'Read the short guide',
    dismiss: 'Got it',
    reopen: 'Show welcome',
  },
} as const;
