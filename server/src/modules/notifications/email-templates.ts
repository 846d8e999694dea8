import { DEFAULT_BRAND_COLOR } from '@parley/contracts';
import type { EmailBrand } from './email-brand';

/**
 * The portal's emails, as HTML and plain text, in the firm's name, logo and colour (`EmailBrand`).
 * They name the firm and the matter where there is one and link to the portal; they never carry
 * message content (DESIGN.md rule 7).
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The sender's display name (the firm's); the address stays `MAIL_FROM`'s. */
  fromName: string;
  /** The parts that let someone in (a link's token, a code): the outbox shows them as "…". */
  secrets: string[];
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Subject and header lines are single-line: a name with a newline must not add lines. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

interface Layout {
  brand: EmailBrand;
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** `secret`: the part of `url` that signs someone in (its token). */
  action?: { label: string; url: string; secret?: string };
  code?: string;
  /** Add "New to the portal? Read the guide: …" (emails that bring someone to the portal for the first time). */
  guide?: boolean;
  footer: string;
}

/** Only a `#rrggbb` goes into a style attribute, whatever the caller passed. */
const safeColor = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? color : DEFAULT_BRAND_COLOR);

/** The firm's name over its colour, with its logo (on white, so any logo reads) when it has one. */
function brandHeader(brand: EmailBrand): string {
  const name = escapeHtml(oneLine(brand.firmName));
  const logo = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${name} logo" height="36" style="height:36px;max-width:160px;vertical-align:middle;background:#fff;border-radius:4px;padding:2px;margin-right:12px">`
    : '';
  return `<div style="background:${safeColor(brand.brandColor)};color:#fff;padding:14px 24px;border-radius:8px 8px 0 0;font-size:18px;font-weight:bold">${logo}<span style="vertical-align:middle">${name}</span></div>`;
}

const GUIDE_LINE = 'New to the portal? Read the guide:';

function render(layout: Layout): RenderedEmail {
  const { brand } = layout;
  const firm = oneLine(brand.firmName);
  const text = [
    layout.greeting,
    '',
    ...layout.paragraphs.flatMap((p) => [p, '']),
    ...(layout.code ? [`    ${layout.code}`, ''] : []),
    ...(layout.action ? [`${layout.action.label}: ${layout.action.url}`, ''] : []),
    ...(layout.guide ? [`${GUIDE_LINE} ${brand.guideUrl}`, ''] : []),
    layout.footer,
    '',
    `${firm} · secure client portal`,
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2933;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;padding:24px 0">',
    brandHeader(brand),
    '<div style="border:1px solid #d9dee5;border-top:0;border-radius:0 0 8px 8px;padding:24px">',
    p(layout.greeting),
    ...layout.paragraphs.map(p),
    layout.code
      ? `<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:0 0 16px">${escapeHtml(layout.code)}</p>`
      : '',
    layout.action
      ? `<p style="margin:0 0 16px"><a href="${escapeHtml(layout.action.url)}" style="background:${safeColor(brand.brandColor)};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(layout.action.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#52606d">Or paste this link into your browser: ${escapeHtml(layout.action.url)}</p>`
      : '',
    layout.guide
      ? `<p style="margin:0 0 16px">${escapeHtml(GUIDE_LINE)} <a href="${escapeHtml(brand.guideUrl)}">${escapeHtml(brand.guideUrl)}</a></p>`
      : '',
    `<p style="font-size:13px;color:#52606d">${escapeHtml(layout.footer)}</p>`,
    '</div></div></body></html>',
  ].join('');
  const secrets = [layout.code, layout.action?.secret].filter((s): s is string => !!s);
  return { subject: oneLine(layout.subject), text, html, fromName: firm, secrets };
}

const greet = (name: string) => `Hello ${oneLine(name)},`;

export function invitationEmail(input: {
  brand: EmailBrand;
  recipientName: string;
  matterTitle: string;
  link: string;
  /** The link's token (for the outbox's redaction). */
  linkToken: string;
  validDays: number;
}): RenderedEmail {
  const firm = oneLine(input.brand.firmName);
  const matter = oneLine(input.matterTitle);
  return render({
    brand: input.brand,
    subject: `${firm} has sent you a secure message about ${matter}`,
    greeting: greet(input.recipientName),
    paragraphs: [
      `${firm} has sent you a message about "${matter}" through their secure client portal.`,
      'Open the portal to read it. No password is needed: the link below signs you in.',
    ],
    action: { label: 'Open the client portal', url: input.link, secret: input.linkToken },
    guide: true,
    footer: `This link works once and expires in ${input.validDays} days. Afterwards you can ask for a new sign-in link on the portal with your email address. If you were not expecting this, you can ignore this email.`,
  });
}

export function signInLinkEmail(input: {
  brand: EmailBrand;
  recipientName: string;
  link: string;
  linkToken: string;
  validMinutes: number;
}) {
  const firm = oneLine(input.brand.firmName);
  return render({
    brand: input.brand,
    subject: `Your sign-in link for the ${firm} client portal`,
    greeting: greet(input.recipientName),
    paragraphs: [
      `Someone (hopefully you) asked to sign in to the ${firm} secure client portal with this email address.`,
    ],
    action: { label: 'Sign in to the client portal', url: input.link, secret: input.linkToken },
    guide: true,
    footer: `This link works once and expires in ${input.validMinutes} minutes. If you did not ask for it, ignore this email: nobody can sign in without the link.`,
  });
}

export function stepUpCodeEmail(input: {
  brand: EmailBrand;
  recipientName: string;
  code: string;
  validMinutes: number;
}) {
  const firm = oneLine(input.brand.firmName);
  return render({
    brand: input.brand,
    subject: `${input.code} is your verification code for the ${firm} client portal`,
    greeting: greet(input.recipientName),
    paragraphs: [`Enter this code in the ${firm} client portal to open a protected message:`],
    code: input.code,
    footer: `The code works once and expires in ${input.validMinutes} minutes. Never share it; the firm will never ask you for it.`,
  });
}

/** The step-up code as an SMS: no message content, just the code. */
export const stepUpCodeSms = (code: string, validMinutes: number) =>
  `${code} is your client portal verification code. It expires in ${validMinutes} minutes.`;

/** A message is waiting in the portal (sent after the quiet period): who and where, never what. */
export function newMessageEmail(input: {
  brand: EmailBrand;
  recipientName: string;
  matterTitle: string;
  link: string;
}): RenderedEmail {
  const firm = oneLine(input.brand.firmName);
  const matter = oneLine(input.matterTitle);
  return render({
    brand: input.brand,
    subject: `New secure message from ${firm} about ${matter}`,
    greeting: greet(input.recipientName),
    paragraphs: [
      `${firm} has sent you a new message about "${matter}" in their secure client portal.`,
      'For your privacy the message is not included in this email. Open the portal to read it.',
    ],
    action: { label: 'Open the client portal', url: input.link },
    footer:
      'If you are signed out, ask for a sign-in link on the portal with your email address. You get at most one such email per conversation while messages stay unread.',
  });
}
