import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { MessageView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { ZipStream } from '../../platform/archive/zip-stream';
import type { matters } from '../../platform/db/schema';
import { auditContent } from '../audit/audit';
import type { FirmRow } from '../identity/identity.repository';
import { staffMessageViews } from '../messaging/list-messages';
import { listMessageRows } from '../messaging/messages.repository';
import { presentParticipant } from '../messaging/messaging.presenter';
import { listParticipants } from '../messaging/messaging.repository';
import {
  auditHead,
  childFolders,
  folderVersions,
  matterAuditPage,
  matterConversations,
  matterPartyNames,
  staffNames,
  type VersionToExport,
} from './export.repository';
import { renderTranscriptPdf } from './transcript-pdf';
import { ZipNames } from './zip-names';

/** Messages per PDF part: a transcript is built in memory, so a long conversation comes in parts. */
export const MESSAGES_PER_PDF = 500;
/** Rows per database page for messages and audit rows. */
const PAGE = 200;

export interface ArchiveInput {
  firm: FirmRow;
  matter: typeof matters.$inferSelect;
  exportedBy: { id: string; name: string };
  /** The database's clock when the export began: later versions and messages are left out. */
  cutoff: Date;
}

/**
 * Fills `zip` with a matter's record: All Files, every conversation (PDF transcript and JSON), the
 * audit rows with their chain hashes, `files.json` (path, SHA-256 and size of every file in the
 * zip) and `manifest.json`. Pages through the database; each entry's bytes are produced only when
 * the zip reaches it (`ZipStream`), so memory stays flat whatever the matter's size.
 */
export async function writeMatterArchive(deps: Deps, zip: ZipStream, input: ArchiveInput) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'parley-export-'));
  zip.output.once('close', () => void rm(scratch, { recursive: true, force: true }));
  const fileList = await FileList.open(path.join(scratch, 'files.json'));
  const counts = { documents: 0, versions: 0, folders: 0, conversations: 0, messages: 0, auditRows: 0 };

  await zip.addBuffer('README.txt', readme(input));
  const uploaders = await staffNames(deps.db, input.firm.id);
  const walk = async (folderId: string, dir: string) => {
    const names = new ZipNames();
    const versionsDir = `${dir}${names.take('_versions')}/`;
    for (const versions of byDocument(await folderVersions(deps.db, folderId, input.cutoff))) {
      const current = versions[versions.length - 1]!;
      const name = names.take(current.documentName);
      counts.documents += 1;
      await addVersion(`${dir}${name}`, current, true);
      const older = new ZipNames();
      for (const version of versions.slice(0, -1)) {
        await addVersion(
          `${versionsDir}${name}/${older.take(`v${version.number} - ${current.documentName}`)}`,
          version,
          false,
        );
      }
    }
    for (const folder of await childFolders(deps.db, folderId)) {
      counts.folders += 1;
      const sub = `${dir}${names.take(folder.name)}/`;
      zip.addDirectory(sub, folder.updatedAt);
      await walk(folder.id, sub);
    }
  };
  const addVersion = async (entry: string, v: VersionToExport, current: boolean) => {
    counts.versions += 1;
    await zip.add(entry, () => deps.blobs.read(v.storageKey), { size: v.size, mtime: v.createdAt });
    await fileList.add({
      path: entry,
      documentId: v.documentId,
      versionId: v.versionId,
      version: v.number,
      current,
      size: v.size,
      sha256: v.sha256,
      contentType: v.contentType,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdByType === 'staff' ? (uploaders.get(v.createdById) ?? v.createdById) : 'client',
    });
  };
  zip.addDirectory('All Files/', input.cutoff);
  await walk(input.matter.rootFolderId, 'All Files/');

  const partyNames = await matterPartyNames(deps.db, input.matter.id);
  const conversationNames = new ZipNames();
  const conversations = await matterConversations(deps.db, input.matter.id);
  for (const [index, conversation] of conversations.entries()) {
    counts.conversations += 1;
    const people = await listParticipants(deps.db, [conversation.id]);
    const title =
      conversation.title ?? (people.map((p) => p.name).join(', ') || `${conversation.kind} conversation`);
    const dir = `Conversations/${conversationNames.take(`${String(index + 1).padStart(3, '0')} ${title}`)}/`;
    const lastSeq = conversation.lastSeq; // messages posted after the export began are left out
    counts.messages += lastSeq;
    const parts = Math.max(1, Math.ceil(lastSeq / MESSAGES_PER_PDF));
    for (let part = 1; part <= parts; part += 1) {
      const from = (part - 1) * MESSAGES_PER_PDF;
      const name = parts === 1 ? 'transcript.pdf' : `transcript part ${part} of ${parts}.pdf`;
      await zip.add(
        `${dir}${name}`,
        async () => {
          const messages: MessageView[] = [];
          for await (const page of messagePages(
            deps,
            conversation.id,
            from,
            Math.min(lastSeq, from + MESSAGES_PER_PDF),
          ))
            messages.push(...page);
          const pdf = await renderTranscriptPdf(
            {
              firmName: input.firm.name,
              matter: { title: input.matter.title, number: input.matter.number },
              conversation: { title, kind: conversation.kind, participants: people.map((p) => p.name) },
              exportedAt: input.cutoff,
              timeZone: input.firm.timeZone,
              part,
              parts,
              partyNames,
            },
            messages,
          );
          return Readable.from([Buffer.from(pdf)]);
        },
        { compress: true },
      );
    }
    const head = {
      id: conversation.id,
      kind: conversation.kind,
      title: conversation.title,
      createdAt: conversation.createdAt.toISOString(),
      participants: people.map(presentParticipant),
      lastSeq,
    };
    await zip.add(
      `${dir}messages.json`,
      () =>
        Readable.from(
          jsonDocument(
            `{"conversation":${JSON.stringify(head)},"messages":`,
            messagePages(deps, conversation.id, 0, lastSeq),
          ),
        ),
      { compress: true },
    );
  }

  await zip.add(
    'Audit/audit-log.json',
    () => Readable.from(jsonDocument('{"rows":', auditPages(deps, input, counts))),
    { compress: true },
  );
  await zip.add(
    'Audit/chain-head.json',
    async () =>
      Readable.from([json({ firmId: input.firm.id, ...(await auditHead(deps.db, input.firm.id)) })]),
    { compress: true },
  );
  await fileList.close();
  await zip.add('files.json', () => createReadStream(fileList.path), { compress: true });
  await zip.add(
    'manifest.json',
    () =>
      Readable.from([
        json({
          format: 'parley-matter-export',
          version: 1,
          firm: { id: input.firm.id, name: input.firm.name },
          matter: {
            id: input.matter.id,
            title: input.matter.title,
            number: input.matter.number,
            restricted: input.matter.restricted,
            createdAt: input.matter.createdAt.toISOString(),
          },
          exportedAt: input.cutoff.toISOString(),
          exportedBy: input.exportedBy,
          counts,
        }),
      ]),
    { compress: true },
  );
  zip.end();
}

/** Versions grouped by document, in the order the query gave (by name, then version). */
function* byDocument(rows: VersionToExport[]): Generator<VersionToExport[]> {
  let group: VersionToExport[] = [];
  for (const row of rows) {
    if (group.length > 0 && group[0]!.documentId !== row.documentId) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

/** Staff views of the messages with `from < seq <= until`, a page at a time. */
async function* messagePages(deps: Deps, conversationId: string, from: number, until: number) {
  let after = from;
  while (after < until) {
    const rows = (await listMessageRows(deps.db, conversationId, { after, limit: PAGE })).filter(
      (r) => r.seq <= until,
    );
    if (rows.length === 0) return;
    yield await staffMessageViews(deps.db, conversationId, rows);
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * The matter's audit rows in append order. A sealed row carries `content` exactly as hashed:
 * `hash = sha256(prevHash + canonical JSON of content)` (keys sorted), so each row can be checked
 * on its own; rows not sealed yet have no seq or hashes (`sealed: false`).
 */
async function* auditPages(deps: Deps, input: ArchiveInput, counts: { auditRows: number }) {
  let after = 0;
  for (;;) {
    const rows = await matterAuditPage(deps.db, input.firm.id, input.matter.id, after, PAGE);
    if (rows.length === 0) return;
    counts.auditRows += rows.length;
    yield rows.map((row) => {
      const seq = row.seq === null ? null : Number(row.seq);
      const { seq: _unsealed, ...unsealedContent } = auditContent(row, 0);
      return {
        id: Number(row.id),
        seq,
        sealed: seq !== null,
        content: seq === null ? unsealedContent : auditContent(row, seq),
        prevHash: row.prevHash,
        hash: row.hash,
      };
    });
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** `{prefix}[item, item, ...]}` streamed from pages of items. */
async function* jsonDocument(prefix: string, pages: AsyncIterable<unknown[]>) {
  yield Buffer.from(`${prefix}[`);
  let first = true;
  for await (const page of pages) {
    for (const item of page) {
      yield Buffer.from(`${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
      first = false;
    }
  }
  yield Buffer.from('\n]}\n');
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** `files.json`, written to a scratch file as the walk goes (the list can be longer than memory). */
class FileList {
  private first = true;
  private constructor(
    readonly path: string,
    private readonly handle: Awaited<ReturnType<typeof open>>,
  ) {}

  static async open(file: string) {
    const handle = await open(file, 'w', 0o600);
    await handle.write('{"files":[');
    return new FileList(file, handle);
  }

  async add(entry: Record<string, unknown>) {
    await this.handle.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
    this.first = false;
  }

  async close() {
    await this.handle.write('\n]}\n');
    await this.handle.close();
  }
}

function readme(input: ArchiveInput): string {
  return [
    `Parley export of the matter "${input.matter.title}"${input.matter.number ? ` (${input.matter.number})` : ''}`,
    `Firm: ${input.firm.name}. Exported ${input.cutoff.toISOString()} by ${input.exportedBy.name}.`,
    '',
    "All Files/            the matter's folders and documents, current versions",
    'All Files/**/_versions/<document>/   earlier versions of the documents of that folder',
    'Conversations/<n> <title>/transcript.pdf   the conversation as read by staff: authors, times,',
    '                      attachments and shares by name, read receipts, SMS/email delivery states',
    'Conversations/<n> <title>/messages.json    the same messages as the API gives them',
    "Audit/audit-log.json  the matter's audit rows; for a sealed row,",
    '                      hash = sha256(prevHash + JSON of content with keys sorted)',
    "Audit/chain-head.json the firm's audit chain head (last seq and hash) at export time",
    'files.json            every file above with its SHA-256, size, version and uploader',
    'manifest.json         what was exported, when, by whom, and counts',
    '',
    'Names are made safe for file systems: characters such as / \\ : * ? " < > | become _, and',
    'a name used twice in a folder gets " (2)". Content added after the export began is not included.',
    '',
  ].join('\n');
}
