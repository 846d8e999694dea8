import { DEFAULT_BRAND_COLOR } from '@parley/contracts';
import type { EmailBrand } from './email-brand';
import { type EmailTexts, textsFor } from './email-texts';

/**
 * The portal's emails, as HTML and plain text, in the firm's name, logo and colour (`EmailBrand`)
 * and in the recipient's language (`email-texts.ts`: their choice, else the firm's default).
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
  texts: EmailTexts;
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
function brandHeader(brand: EmailBrand, texts: EmailTexts): string {
  const name = escapeHtml(oneLine(brand.firmName));
  const logo = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(texts.logoAlt(oneLine(brand.firmName)))}" height="36" style="height:36px;max-width:160px;vertical-align:middle;background:#fff;border-radius:4px;padding:2px;margin-right:12px">`
    : '';
  return `<div style="background:${safeColor(brand.brandColor)};color:#fff;padding:14px 24px;border-radius:8px 8px 0 0;font-size:18px;font-weight:bold">${logo}<span style="vertical-align:middle">${name}</span></div>`;
}

function render(layout: Layout): RenderedEmail {
  const { brand, texts } = layout;
  const firm = oneLine(brand.firmName);
  const text = [
    layout.greeting,
    '',
    ...layout.paragraphs.flatMap((p) => [p, '']),
    ...(layout.code ? [`    ${layout.code}`, ''] : []),
    ...(layout.action ? [`${layout.action.label}: ${layout.action.url}`, ''] : []),
    ...(layout.guide ? [`${texts.guideLine} ${brand.guideUrl}`, ''] : []),
    layout.footer,
    '',
    texts.portalFooter(firm),
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${texts.lang}"><body style="font-family:system-ui,sans-serif;color:#1f2933;line-height:1.5">`,
    '<div style="max-width:560px;margin:0 auto;padding:24px 0">',
    brandHeader(brand, texts),
    '<div style="border:1px solid #d9dee5;border-top:0;border-radius:0 0 8px 8px;padding:24px">',
    p(layout.greeting),
    ...layout.paragraphs.map(p),
    layout.code
      ? `<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:0 0 16px">${escapeHtml(layout.code)}</p>`
      : '',
    layout.action
      ? `<p style="margin:0 0 16px"><a href="${escapeHtml(layout.action.url)}" style="background:${safeColor(brand.brandColor)};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(layout.action.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#52606d">${escapeHtml(texts.pasteLink)} ${escapeHtml(layout.action.url)}</p>`
      : '',
    layout.guide
      ? `<p style="margin:0 0 16px">${escapeHtml(texts.guideLine)} <a href="${escapeHtml(brand.guideUrl)}">${escapeHtml(brand.guideUrl)}</a></p>`
      : '',
    `<p style="font-size:13px;color:#52606d">${escapeHtml(layout.footer)}</p>`,
    '</div></div></body></html>',
  ].join('');
  const secrets = [layout.code, layout.action?.secret].filter((s): s is string => !!s);
  return { subject: oneLine(layout.subject), text, html, fromName: firm, secrets };
}

export function invitationEmail(input: {
  brand: EmailBrand;
  /** The recipient's language (`portal_users.locale`), else the firm's default. */
  locale: string | null;
  recipientName: string;
  matterTitle: string;
  link: string;
  /** The link's token (for the outbox's redaction). */
  linkToken: string;
  validDays: number;
}): RenderedEmail {
  const firm = oneLine(input.brand.firmName);
  const texts = textsFor(input.locale);
  const matter = oneLine(input.matterTitle);
  return render({
    brand: input.brand,
    texts,
    subject: texts.invitation.subject(firm, matter),
    greeting: texts.greeting(oneLine(input.recipientName)),
    paragraphs: [texts.invitation.body(firm, matter), texts.invitation.howTo],
    action: { label: texts.invitation.action, url: input.link, secret: input.linkToken },
    guide: true,
    footer: texts.invitation.footer(input.validDays),
  });
}

export function signInLinkEmail(input: {
  brand: EmailBrand;
  /** The recipient's language (`portal_users.locale`), else the firm's default. */
  locale: string | null;
  recipientName: string;
  link: string;
  linkToken: string;
  validMinutes: number;
}) {
  const firm = oneLine(input.brand.firmName);
  const texts = textsFor(input.locale);
  return render({
    brand: input.brand,
    texts,
    subject: texts.signIn.subject(firm),
    greeting: texts.greeting(oneLine(input.recipientName)),
    paragraphs: [texts.signIn.body(firm)],
    action: { label: texts.signIn.action, url: input.link, secret: input.linkToken },
    guide: true,
    footer: texts.signIn.footer(input.validMinutes),
  });
}

export function stepUpCodeEmail(input: {
  brand: EmailBrand;
  /** The recipient's language (`portal_users.locale`), else the firm's default. */
  locale: string | null;
  recipientName: string;
  code: string;
  validMinutes: number;
}) {
  const firm = oneLine(input.brand.firmName);
  const texts = textsFor(input.locale);
  return render({
    brand: input.brand,
    texts,
    subject: texts.stepUp.subject(input.code, firm),
    greeting: texts.greeting(oneLine(input.recipientName)),
    paragraphs: [texts.stepUp.body(firm)],
    code: input.code,
    footer: texts.stepUp.footer(input.validMinutes),
  });
}

/** The step-up code as an SMS: no message content, just the code. */
export const stepUpCodeSms = (code: string, validMinutes: number, locale: string | null) =>
  textsFor(locale).stepUp.sms(code, validMinutes);

/** A message is waiting in the portal (sent after the quiet period): who and where, never what. */
export function newMessageEmail(input: {
  brand: EmailBrand;
  /** The recipient's language (`portal_users.locale`), else the firm's default. */
  locale: string | null;
  recipientName: string;
  matterTitle: string;
  link: string;
}): RenderedEmail {
  const firm = oneLine(input.brand.firmName);
  const texts = textsFor(input.locale);
  const matter = oneLine(input.matterTitle);
  return render({
    brand: input.brand,
    texts,
    subject: texts.newMessage.subject(firm, matter),
    greeting: texts.greeting(oneLine(input.recipientName)),
    paragraphs: [texts.newMessage.body(firm, matter), texts.newMessage.privacy],
    action: { label: texts.newMessage.action, url: input.link },
    footer: texts.newMessage.footer,
  });
}
