import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { MessageView } from '@parley/contracts';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { CONTROL_CHARACTERS } from '../../platform/text';

/** A4 in points, and the text block. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = PAGE[0] - 2 * MARGIN;
const BODY = 10;
const SMALL = 8;
const GREY = rgb(0.35, 0.35, 0.35);

export interface TranscriptHeader {
  firmName: string;
  matter: { title: string; number: string | null };
  conversation: { title: string; kind: string; participants: string[] };
  exportedAt: Date;
  timeZone: string;
  part: number;
  parts: number;
  /** Names of the matter's parties by id (delivery states name the recipient). */
  partyNames: Map<string, string>;
}

/**
 * DejaVu Sans (regular and bold), read once: a Unicode font for Latin, Greek, Cyrillic, Hebrew,
 * Arabic and symbols (no CJK or emoji glyphs: those print as boxes; messages.json has the text).
 */
let fonts: Promise<[Buffer, Buffer]> | undefined;
function fontBytes(): Promise<[Buffer, Buffer]> {
  const require = createRequire(import.meta.url);
  fonts ??= Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]);
  return fonts;
}

/**
 * One part of a conversation's transcript as a PDF: every message with its author and time (in the
 * firm's time zone), text, links, attachments and shares by name (and when access was removed),
 * who read it, and the SMS/email delivery states. The fonts are embedded as subsets.
 */
export async function renderTranscriptPdf(header: TranscriptHeader, messages: MessageView[]) {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regularBytes, boldBytes] = await fontBytes();
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = await doc.embedFont(boldBytes, { subset: true });
  const title = `${header.matter.title}: ${header.conversation.title}`;
  doc.setTitle(title);
  doc.setSubject(`Transcript exported from Parley, part ${header.part} of ${header.parts}`);
  doc.setProducer('Parley');
  doc.setCreationDate(header.exportedAt);
  const when = timeFormat(header.timeZone);
  const writer = new PageWriter(doc, regular, bold);

  writer.line(header.firmName, { font: bold, size: 14 });
  writer.line(`Matter: ${header.matter.title}${header.matter.number ? ` (${header.matter.number})` : ''}`, {
    font: bold,
  });
  writer.line(`Conversation: ${header.conversation.title} (${header.conversation.kind})`);
  writer.paragraph(`Participants: ${header.conversation.participants.join(', ') || 'none'}`);
  writer.line(
    `Exported ${when(header.exportedAt)}; part ${header.part} of ${header.parts}; times in ${header.timeZone}`,
    { size: SMALL, color: GREY },
  );
  writer.gap(12);
  if (messages.length === 0) writer.line('No messages.', { color: GREY });

  for (const message of messages) {
    writer.keep(3);
    writer.line(`${message.author.name || 'Parley'} · ${when(new Date(message.createdAt))}`, { font: bold });
    const flags = [
      `#${message.seq}`,
      `via ${message.via}`,
      message.sendAsSms ? 'sent as SMS' : '',
      message.requireMfa ? 'requires step-up to read' : '',
    ].filter(Boolean);
    writer.line(flags.join(' · '), { size: SMALL, color: GREY });
    if (message.body) writer.paragraph(message.body);
    for (const link of message.links)
      writer.paragraph(`Link: ${link.label ? `${link.label} ` : ''}<${link.url}>`);
    for (const a of message.attachments) {
      writer.paragraph(`Attachment: ${a.name} (${formatBytes(a.size)}, ${a.contentType})`);
    }
    for (const s of message.shares) {
      const ended = s.revokedAt ? `, access removed ${when(new Date(s.revokedAt))}` : '';
      writer.paragraph(`Shared ${s.kind}: ${s.name}${ended}`);
    }
    const readers = message.readBy.map((r) =>
      r.readAt ? `${r.name} (${when(new Date(r.readAt))})` : r.name,
    );
    if (readers.length > 0) writer.paragraph(`Read by: ${readers.join(', ')}`, { size: SMALL, color: GREY });
    for (const d of message.deliveries) {
      const who = header.partyNames.get(d.partyId) ?? d.partyId;
      const error = d.error ? ` (${d.error})` : '';
      writer.paragraph(
        `${d.channel === 'sms' ? 'SMS' : 'Email'} to ${who}: ${d.status}${error}, ${when(new Date(d.updatedAt))}`,
        {
          size: SMALL,
          color: GREY,
        },
      );
    }
    writer.gap(8);
  }

  const pages = doc.getPages();
  pages.forEach((page, index) => {
    const footer = `${title} · part ${header.part}/${header.parts} · page ${index + 1} of ${pages.length}`;
    page.drawText(fitLine(footer, regular, SMALL), {
      x: MARGIN,
      y: MARGIN / 2,
      size: SMALL,
      font: regular,
      color: GREY,
    });
  });
  return doc.save();
}

interface LineStyle {
  font?: PDFFont;
  size?: number;
  color?: ReturnType<typeof rgb>;
}

/** Lays lines out top to bottom, starting a new page when one is full. */
class PageWriter {
  private page: PDFPage;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }

  line(text: string, style: LineStyle = {}) {
    const font = style.font ?? this.regular;
    const size = style.size ?? BODY;
    const height = size * 1.35;
    if (this.y - height < MARGIN) this.page = this.newPage();
    this.y -= height;
    this.page.drawText(fitLine(printable(text), font, size), {
      x: MARGIN,
      y: this.y,
      size,
      font,
      color: style.color ?? rgb(0, 0, 0),
    });
  }

  /** Text wrapped to the width, line breaks kept. */
  paragraph(text: string, style: LineStyle = {}) {
    const font = style.font ?? this.regular;
    const size = style.size ?? BODY;
    for (const line of wrap(printable(text), font, size)) this.line(line, style);
  }

  gap(points: number) {
    this.y -= points;
  }

  /** Start a new page unless `lines` body lines still fit on this one. */
  keep(lines: number) {
    if (this.y - lines * BODY * 1.35 < MARGIN) this.page = this.newPage();
  }

  private newPage() {
    const page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    return page;
  }
}

/** Control characters (tabs, carriage returns, bidi overrides) would print as boxes or reorder text. */
function printable(text: string): string {
  return text
    .replace(/\t/g, '    ')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(CONTROL_CHARACTERS, ''))
    .join('\n');
}

/** Words to lines of at most WIDTH; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= WIDTH) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > WIDTH) {
        const cut = longestPrefix(line, font, size);
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

/** How many code units of `text` fit in WIDTH (at least one character). */
function longestPrefix(text: string, font: PDFFont, size: number): number {
  const chars = Array.from(text);
  let units = 0;
  let taken = '';
  for (const ch of chars) {
    if (taken && font.widthOfTextAtSize(taken + ch, size) > WIDTH) break;
    taken += ch;
    units += ch.length;
  }
  return units;
}

/** One line cut to the width with an ellipsis (headers and footers). */
function fitLine(text: string, font: PDFFont, size: number): string {
  if (font.widthOfTextAtSize(text, size) <= WIDTH) return text;
  const cut = longestPrefix(`${text}…`, font, size);
  return `${text.slice(0, Math.max(0, cut - 1))}…`;
}

function timeFormat(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return (date: Date) => format.format(date);
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
