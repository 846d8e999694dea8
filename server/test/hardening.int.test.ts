/**
 * Issue #19 item 9: headers every answer carries (nosniff, HSTS on https), bidirectional controls
 * removed from file and folder names wherever a name enters, and the outbox listing that shows
 * sign-in links and codes redacted unless OUTBOX_SHOW_SECRETS=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../src/platform/http/security-headers';
import { createMatter, uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  PUBLIC_URL,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  type TestEnv,
} from './helpers';
import { createFirmEnv } from './support/firm-env';
import { codeFromText, runJobs, tokenFromText } from './support/jobs';

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;

beforeAll(async () => {
  ({ env, admin, firmId } = await createFirmEnv());
});
afterAll(() => env.close());

describe('security headers', () => {
  it('every API answer (JSON, errors, health) says nosniff; no HSTS on http', async () => {
    const answers = [
      await call(env.app, 'GET', '/me', { as: admin }),
      await call(env.app, 'GET', '/branding'),
      await call(env.app, 'GET', '/me'),
      await call(env.app, 'GET', '/matters/00000000-0000-4000-8000-000000000000', { as: admin }),
      await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 5 } }),
      await call(env.app, 'GET', '/api/v1/nothing-here'),
      await call(env.app, 'GET', '/healthz'),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 401, 404, 400, 404, 200]);
    for (const res of answers) {
      expect(res.headers['x-content-type-options'], res.body).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('HSTS on every answer when PUBLIC_URL is https', async () => {
    const https = await createTestEnv({ env: { PUBLIC_URL: 'https://parley.test' } });
    try {
      for (const res of [
        await call(https.app, 'GET', '/branding'),
        await call(https.app, 'GET', '/me'),
        await call(https.app, 'GET', '/healthz'),
      ]) {
        expect(res.headers['strict-transport-security']).toBe(HSTS);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    } finally {
      await https.close();
    }
  });
});

describe('bidirectional controls in file and folder names', () => {
  // "invoice<RLO>fdp.exe" shows as "invoiceexe.pdf"; every control of the two ranges is in here.
  const spoof = 'invoice\u202a\u202b\u202c\u202d\u202efdp\u2066\u2067\u2068\u2069.exe';
  const clean = 'invoicefdp.exe';

  it('are removed when a folder is created or renamed, a document uploaded or renamed', async () => {
    const matter = await createMatter(env.app, admin);
    const folder = await call(env.app, 'POST', `/matters/${matter.id}/folders`, {
      as: admin,
      body: { name: `Folder ${spoof}` },
    });
    expect(folder.statusCode, folder.body).toBe(201);
    expect(folder.json().name).toBe(`Folder ${clean}`);
    const renamed = await call(env.app, 'PATCH', `/folders/${folder.json().id}`, {
      as: admin,
      body: { name: spoof },
    });
    expect(renamed.json().name).toBe(clean);

    const uploaded = await uploadFiles(env.app, admin, matter.id, [{ name: `a ${spoof}`, content: 'x' }]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const document = uploaded.json().items[0];
    expect(document.name).toBe(`a ${clean}`);
    const moved = await call(env.app, 'PATCH', `/documents/${document.id}`, {
      as: admin,
      body: { name: `b ${spoof}` },
    });
    expect(moved.json().name).toBe(`b ${clean}`);
    // Only controls: nothing is left, which is an empty name.
    const empty = await call(env.app, 'PATCH', `/documents/${document.id}`, {
      as: admin,
      body: { name: '\u202e\u2066' },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('are removed from tus upload metadata (staff and portal uploads name files from it)', async () => {
    const matter = await createMatter(env.app, admin);
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: {
        authorization: `Bearer ${admin.token}`,
        'tus-resumable': '1.0.0',
        'upload-length': '3',
        'upload-metadata': `filename ${Buffer.from(spoof).toString('base64')}`,
        'content-type': 'application/offset+octet-stream',
      },
      payload: Buffer.from('abc'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const uploadId = String(created.headers.location).split('/').pop();
    const res = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items[0].name).toBe(clean);
  });
});

describe('GET /dev/outbox without SMTP/Twilio', () => {
  async function listed() {
    await runJobs(env.deps);
    return (await call(env.app, 'GET', '/dev/outbox', { as: admin })).json().items as {
      to: string;
      subject?: string;
      text: string;
    }[];
  }

  it('shows sign-in links and step-up codes (email and SMS) with their secret as "…"', async () => {
    const user = await seedPortalUser(env.deps, firmId, { mobile: '+14155550142' });
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email: user.email } });
    await runJobs(env.deps);
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
    await runJobs(env.deps);
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'sms' } });
    const items = await listed();
    const stored = (await env.deps.outbox.list()).filter((i) => i.to === user.email);
    const [codeMail, linkMail] = stored;
    const secrets = [
      tokenFromText(linkMail!.text),
      codeFromText(codeMail!.text),
      codeFromText((await env.deps.outbox.list()).find((i) => i.to === '+14155550142')!.text),
    ];
    const mine = items.filter((i) => i.to === user.email || i.to === '+14155550142');
    expect(mine).toHaveLength(3);
    const shown = JSON.stringify(mine);
    for (const secret of secrets) expect(shown).not.toContain(secret);
    const [sms, code, link] = mine;
    expect(sms!.text).toMatch(/^… is your client portal verification code/);
    expect(code!.subject).toMatch(/^… is your verification code for the .+ client portal$/);
    expect(code!.text).toMatch(/^ {4}…$/m);
    expect(link!.text).toContain(`${PUBLIC_URL}/portal/sign-in?token=…`);
    // The link in the outbox file (what a developer's local trial reads) still works.
    const exchange = await call(env.app, 'POST', '/portal/auth/exchange', { body: { token: secrets[0] } });
    expect(exchange.statusCode).toBe(200);
  });

  it('shows them whole with OUTBOX_SHOW_SECRETS=true', async () => {
    const showing = await createTestEnv({ env: { OUTBOX_SHOW_SECRETS: 'true' } });
    try {
      const seeded = await seedFirm(showing.deps);
      const user = await seedPortalUser(showing.deps, seeded.firm.id);
      await call(showing.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
      await runJobs(showing.deps);
      const [item] = (await call(showing.app, 'GET', '/dev/outbox', { as: seeded.admin })).json().items;
      const [stored] = await showing.deps.outbox.list();
      expect(item.text).toBe(stored!.text);
      expect(codeFromText(item.text)).toMatch(/^\d{6}$/);
    } finally {
      await showing.close();
    }
  });
});
