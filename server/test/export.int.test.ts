/**
 * Matter export (issue #20 item 7): GET /matters/:id/export streams a zip of All Files (current
 * versions, earlier ones under _versions/), each conversation as a PDF transcript and JSON, and the
 * matter's audit rows with their chain hashes. Runs on PGlite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { rowHash } from '../src/modules/audit/audit';
import { ZipStream } from '../src/platform/archive/zip-stream';
import { createMatter, multipart, uploadFiles } from './files-helpers';
import { call, createTestEnv, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';

let env: TestEnv;
let admin: SeededStaff;
let staffOn: SeededStaff;
let staffOff: SeededStaff;
let otherFirm: SeededStaff;
let matter: { id: string; rootFolderId: string };
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const UNICODE = 'Señora Ñúñez — 日本語 ✓ Ωμέγα';

/** Every entry of a zip: name → bytes (directories end with '/'). */
function readZip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          entries.set(entry.fileName, Buffer.alloc(0));
          return zip.readEntry();
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const staff = (method: string, url: string, body?: unknown) =>
  call(env.app, method, url, { as: admin, body });

beforeAll(async () => {
  env = await createTestEnv();
  const a = await seedFirm(env.deps, 'Firm Export');
  admin = a.admin;
  staffOn = await seedStaff(env.deps, a.firm.id, 'staff', 'Stan On');
  staffOff = await seedStaff(env.deps, a.firm.id, 'staff', 'Stella Off');
  otherFirm = (await seedFirm(env.deps, 'Other Firm')).admin;
  matter = await createMatter(env.app, admin, { title: 'Estate of Zoë', staffIds: [staffOn.id] });
});
afterAll(() => env.close());

describe('matter export', () => {
  it('zips All Files with versions, PDF and JSON transcripts, and hash-checked audit rows', async () => {
    const folder = (await staff('POST', `/matters/${matter.id}/folders`, { name: 'Pleadings' })).json();
    const drafts = (
      await staff('POST', `/matters/${matter.id}/folders`, { name: 'Drafts', parentId: folder.id })
    ).json();
    await staff('POST', `/matters/${matter.id}/folders`, { name: 'Empty' });
    const brief = (
      await uploadFiles(env.app, admin, matter.id, [{ name: 'brief.txt', content: 'first draft' }], {
        folderId: drafts.id,
      })
    ).json().items[0];
    const { payload, headers } = multipart([{ name: 'brief.txt', content: 'second draft' }]);
    expect(
      (await call(env.app, 'POST', `/documents/${brief.id}/versions`, { as: admin, payload, headers }))
        .statusCode,
    ).toBe(201);
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const odd = (
      await uploadFiles(env.app, admin, matter.id, [
        { name: '../a/b:c?.bin', content: binary },
        { name: `${UNICODE}.txt`, content: UNICODE },
      ])
    ).json().items;

    const contact = (
      await staff('POST', '/contacts', {
        name: 'Zoë Client',
        email: 'zoe@client.test',
        mobile: '+14155550123',
      })
    ).json();
    const party = (
      await staff('POST', `/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Client' })
    ).json();
    const first = (
      await staff('POST', `/matters/${matter.id}/messages`, {
        partyIds: [party.id],
        body: `Hello ${UNICODE}\nsecond line`,
        attachments: [{ documentId: brief.id }],
        shares: [{ folderId: folder.id }],
        sendAsSms: true,
      })
    ).json();
    const conversationId = first.conversation.id;
    await staff('POST', `/conversations/${conversationId}/messages`, { body: 'A follow-up' });
    await staff('POST', `/conversations/${conversationId}/read`, { seq: 2 });
    await staff('DELETE', `/shares/${first.message.shares[0].id}`);
    await staff('POST', `/matters/${matter.id}/messages`, { staffIds: [staffOn.id], body: 'Internal note' });

    const res = await call(env.app, 'GET', `/matters/${matter.id}/export`, { as: staffOn });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="Estate of Zoe \d{4}-\d\d-\d\d\.zip"/,
    );
    const zip = await readZip(res.rawPayload);
    const names = [...zip.keys()];

    // All Files: current versions in their folders, earlier ones under _versions/
    expect(zip.get('All Files/Pleadings/Drafts/brief.txt')?.toString()).toBe('second draft');
    expect(zip.get('All Files/Pleadings/Drafts/_versions/brief.txt/v1 - brief.txt')?.toString()).toBe(
      'first draft',
    );
    expect(names).toContain('All Files/Empty/');
    expect(sha(zip.get('All Files/.._a_b_c_.bin')!)).toBe(sha(binary));
    expect(zip.get(`All Files/${UNICODE}.txt`)?.toString()).toBe(UNICODE);
    for (const name of names) expect(name.split('/')).not.toContain('..');

    // files.json names every file with its SHA-256, and the bytes match it
    const files = JSON.parse(zip.get('files.json')!.toString()).files as {
      path: string;
      sha256: string;
      size: number;
      version: number;
      current: boolean;
      documentId: string;
    }[];
    expect(files).toHaveLength(4);
    for (const file of files) {
      expect(sha(zip.get(file.path)!)).toBe(file.sha256);
      expect(zip.get(file.path)!.length).toBe(file.size);
    }
    expect(files.find((f) => f.documentId === odd[0].id)).toMatchObject({ current: true, version: 1 });

    // each conversation: a PDF that parses, with the Unicode font embedded, and the JSON
    const conversationDirs = names.filter(
      (n) => /^Conversations\/[^/]+\/$/.test(n) || n.endsWith('transcript.pdf'),
    );
    const pdfs = names.filter((n) => n.endsWith('/transcript.pdf'));
    expect(pdfs).toHaveLength(2);
    expect(conversationDirs.length).toBeGreaterThanOrEqual(2);
    for (const name of pdfs) {
      const bytes = zip.get(name)!;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(pdf.getTitle()).toContain('Estate of Zoë');
      const fonts = pdf.context
        .enumerateIndirectObjects()
        .map(([, object]) => (object instanceof PDFDict ? object.get(PDFName.of('BaseFont')) : undefined))
        .filter((name) => name instanceof PDFName)
        .map((name) => name.decodeText());
      expect(fonts).toEqual(expect.arrayContaining([expect.stringMatching(/^DejaVuSans-\d+$/)]));
    }
    const externalDir = pdfs.find((p) => p.includes('Zoë Client'))!.replace('transcript.pdf', '');
    const transcript = JSON.parse(zip.get(`${externalDir}messages.json`)!.toString());
    expect(transcript.conversation).toMatchObject({ id: conversationId, kind: 'external', lastSeq: 2 });
    expect(transcript.messages).toHaveLength(2);
    const [m1] = transcript.messages;
    expect(m1).toMatchObject({
      body: `Hello ${UNICODE}\nsecond line`,
      attachments: [{ name: 'brief.txt' }],
      shares: [{ kind: 'folder', name: 'Pleadings' }],
      deliveries: [{ partyId: party.id, channel: 'sms' }],
    });
    expect(m1.shares[0].revokedAt).toBeTypeOf('string');
    expect(m1.readBy.map((r: { name: string }) => r.name)).toEqual(['Ada Admin']);

    // audit rows with their chain hashes, each checkable; the export itself is the last row
    const audit = JSON.parse(zip.get('Audit/audit-log.json')!.toString()).rows as {
      seq: number | null;
      sealed: boolean;
      content: Parameters<typeof rowHash>[1];
      prevHash: string;
      hash: string;
    }[];
    expect(audit.length).toBeGreaterThan(5);
    for (const row of audit) {
      expect(row.sealed).toBe(true);
      expect(rowHash(row.prevHash, row.content)).toBe(row.hash);
      expect(row.content.matterId).toBe(matter.id);
    }
    expect(audit.at(-1)!.content).toMatchObject({ action: 'matter.export', actorId: staffOn.id });
    const head = JSON.parse(zip.get('Audit/chain-head.json')!.toString());
    expect(head.seq).toBeGreaterThanOrEqual(audit.at(-1)!.seq!);

    const manifest = JSON.parse(zip.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({
      format: 'parley-matter-export',
      matter: { id: matter.id, title: 'Estate of Zoë' },
      exportedBy: { id: staffOn.id },
      counts: { documents: 3, versions: 4, conversations: 2, messages: 3 },
    });
    expect(zip.get('README.txt')?.toString()).toContain('_versions');
  });

  it('is for admins and the staff on the matter; others get the 404 of a missing matter', async () => {
    const before = await call(env.app, 'GET', `/matters/${matter.id}`, { as: staffOff });
    expect(before.statusCode).toBe(200); // the matter is not restricted: Stella sees it, but is not on it
    for (const as of [staffOff, otherFirm]) {
      const res = await call(env.app, 'GET', `/matters/${matter.id}/export`, { as });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await call(env.app, 'GET', `/matters/${matter.id}/export`)).statusCode).toBe(401);
    expect((await call(env.app, 'GET', `/matters/${matter.id}/export`, { as: admin })).statusCode).toBe(200);
  });
});

describe('ZipStream', () => {
  it('opens an entry only when the zip reaches it, and waits while a few are queued', async () => {
    const zip = new ZipStream();
    let opened = 0;
    let added = 0;
    const producer = (async () => {
      for (let i = 0; i < 50; i += 1) {
        await zip.add(
          `f${i}.bin`,
          () => {
            opened += 1;
            return Readable.from([Buffer.alloc(64 * 1024, i)]);
          },
          { size: 64 * 1024 },
        );
        added += 1;
      }
      zip.end();
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // nobody reads the zip yet: only the first entries were opened, the producer is held back
    expect(opened).toBeLessThanOrEqual(3);
    expect(added).toBeLessThan(10);
    const chunks: Buffer[] = [];
    for await (const chunk of zip.output) chunks.push(chunk as Buffer);
    await producer;
    const entries = await readZip(Buffer.concat(chunks));
    expect(entries.size).toBe(50);
    expect(entries.get('f49.bin')).toEqual(Buffer.alloc(64 * 1024, 49));
  });

  it('ends the download cut short when an entry fails, and stops the producer', async () => {
    const zip = new ZipStream();
    const failed = new Promise((resolve) => zip.output.on('error', resolve));
    await zip.add('ok.txt', () => Readable.from([Buffer.from('ok')]));
    await zip.add('broken.txt', () => Promise.reject(new Error('blob missing')));
    zip.output.resume();
    expect(((await failed) as Error).message).toBe('blob missing');
    await expect(zip.add('later.txt', () => Readable.from([Buffer.from('x')]))).rejects.toThrow(
      'blob missing',
    );
  });
});
