/** Firm settings and branding (API.md "Firm settings and branding" and its decisions). */
import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firms } from '../src/platform/db/schema';
import { multipart, PNG } from './files-helpers';
import { call, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';

/** Files that start as JPEG and WebP do (the type is read from these bytes). */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([30, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(22),
]);

let env: TestEnv;
let admin: SeededStaff;
let member: SeededStaff;
let firmId: string;
let other: { firm: { id: string; name: string }; admin: SeededStaff };

beforeAll(async () => {
  ({ env, admin, firmId } = await createFirmEnv({ firmName: 'Hale & Partners' }));
  member = await seedStaff(env.deps, firmId, 'staff');
  other = await seedFirm(env.deps, 'Other Firm LLP');
});
afterAll(() => env.close());

const patch = (body: unknown, as: SeededStaff = admin) => call(env.app, 'PATCH', '/firm', { as, body });
const putLogo = (file: { name: string; content: Buffer; type?: string }, as: SeededStaff = admin) =>
  call(env.app, 'PUT', '/firm/logo', { as, ...multipart([file]) });

describe('firm settings', () => {
  it('starts with defaults that every staff member can read', async () => {
    const res = await call(env.app, 'GET', '/firm', { as: member });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: firmId,
      name: 'Hale & Partners',
      brandColor: '#1f3a5f',
      logoUrl: null,
      welcomeText: null,
      timeZone: 'UTC',
      quietHours: null,
      defaultLocale: 'en',
      requireStaffTotp: false,
    });
  });

  it('an admin changes name, colour, welcome text, time zone, quiet hours and locale; /me and /branding follow', async () => {
    const res = await patch({
      name: 'Hale Legal',
      brandColor: '#0B5D3B',
      welcomeText: 'Welcome to Hale Legal. Messages here are private.',
      timeZone: 'america/new_york',
      quietHours: { start: '21:00', end: '07:30' },
      defaultLocale: 'es',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Hale Legal',
      brandColor: '#0b5d3b',
      welcomeText: 'Welcome to Hale Legal. Messages here are private.',
      timeZone: 'America/New_York',
      quietHours: { start: '21:00', end: '07:30' },
      defaultLocale: 'es',
    });
    const me = (await call(env.app, 'GET', '/me', { as: member })).json();
    expect(me.firm).toEqual({ id: firmId, name: 'Hale Legal', brandColor: '#0b5d3b', logoUrl: null });
    const branding = await call(env.app, 'GET', `/branding?firm=${firmId}`);
    expect(branding.json()).toEqual({
      firmName: 'Hale Legal',
      logoUrl: null,
      brandColor: '#0b5d3b',
      welcomeText: 'Welcome to Hale Legal. Messages here are private.',
    });
    // null clears; leaving a field out keeps it
    const cleared = await patch({ welcomeText: null, quietHours: null });
    expect(cleared.json()).toMatchObject({ welcomeText: null, quietHours: null, name: 'Hale Legal' });
  });

  it('refuses a brand colour white text cannot be read on: 422 low_contrast, nothing changed', async () => {
    const before = (await call(env.app, 'GET', '/firm', { as: admin })).json();
    for (const brandColor of ['#ffffff', '#ffd700', '#7f9fbf', '#8a8a8a']) {
      const res = await patch({ brandColor, name: 'Not saved' });
      expect(res.statusCode, brandColor).toBe(422);
      expect(res.json().error.code).toBe('low_contrast');
      expect(res.json().error.message).toContain('4.5:1');
    }
    expect((await call(env.app, 'GET', '/firm', { as: admin })).json()).toEqual(before);
    // #767676 is the lightest grey that reaches 4.5:1 on white
    expect((await patch({ brandColor: '#767676' })).statusCode).toBe(200);
  });

  it('refuses unknown time zones, offsets, bad clock times and empty changes with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
      [{ timeZone: '+01:00' }, 'body.timeZone'],
      [{ timeZone: 'Europe/London; drop table firms' }, 'body.timeZone'],
      [{ quietHours: { start: '24:00', end: '07:00' } }, 'body.quietHours.start'],
      [{ quietHours: { start: '7:00', end: '08:00' } }, 'body.quietHours.start'],
      [{ quietHours: { start: '21:00', end: '21:00' } }, 'body.quietHours'],
      [{ quietHours: { start: '21:00' } }, 'body.quietHours.end'],
      [{ brandColor: 'navy' }, 'body.brandColor'],
      [{ defaultLocale: 'fr' }, 'body.defaultLocale'],
      [{ welcomeText: '   ' }, 'body.welcomeText'],
      [{}, 'body'],
    ] as const) {
      const res = await patch(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await patch({ timeZone: 'UTC' })).json().timeZone).toBe('UTC');
    expect((await patch({ timeZone: 'Asia/Kolkata' })).json().timeZone).toBe('Asia/Kolkata');
  });

  it('only admins change settings or the logo', async () => {
    expect((await patch({ name: 'Mine now' }, member)).statusCode).toBe(403);
    expect((await putLogo({ name: 'l.png', content: PNG }, member)).statusCode).toBe(403);
    expect((await call(env.app, 'DELETE', '/firm/logo', { as: member })).statusCode).toBe(403);
  });
});

describe('firm logo', () => {
  it('takes PNG, JPEG and WebP by their bytes, whatever the name or declared type, and serves it publicly', async () => {
    for (const [content, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
      [PNG, 'image/png'],
    ] as const) {
      const res = await putLogo({ name: 'logo.txt', content, type: 'text/plain' });
      expect(res.statusCode, res.body).toBe(200);
      const { logoUrl } = res.json();
      expect(logoUrl).toMatch(/^\/api\/v1\/branding\/logo\?firm=/);
      const served = await env.app.inject({ method: 'GET', url: logoUrl });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe(type);
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['cache-control']).toContain('immutable');
      expect(served.rawPayload.equals(content)).toBe(true);
      const again = await env.app.inject({
        method: 'GET',
        url: logoUrl,
        headers: { 'if-none-match': String(served.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
    }
    const firm = (await call(env.app, 'GET', '/firm', { as: member })).json();
    const branding = (await call(env.app, 'GET', `/branding?firm=${firmId}`)).json();
    expect(branding.logoUrl).toBe(firm.logoUrl);
    expect((await call(env.app, 'GET', '/me', { as: member })).json().firm.logoUrl).toBe(firm.logoUrl);
  });

  it('refuses what is not an image by its bytes (415), over 1 MB (413), or not one part named file (400); the logo stays', async () => {
    const before = (await call(env.app, 'GET', '/firm', { as: admin })).json().logoUrl;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const content of [svg, Buffer.from('GIF89a......'), Buffer.from('%PDF-1.7'), PNG.subarray(0, 4)]) {
      const res = await putLogo({ name: 'logo.png', content, type: 'image/png' });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('unsupported_image');
    }
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const tooBig = await putLogo({ name: 'big.png', content: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({ code: 'file_too_large', details: { limit: 1048576 } });

    const boundary = `b${randomUUID()}`;
    const wrongName = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="l.png"\r\n\r\n${PNG.toString('latin1')}\r\n--${boundary}--\r\n`,
      'latin1',
    );
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const refused = [
      await call(env.app, 'PUT', '/firm/logo', { as: admin, payload: wrongName, headers }),
      await call(env.app, 'PUT', '/firm/logo', {
        as: admin,
        ...multipart([
          { name: 'a.png', content: PNG },
          { name: 'b.png', content: PNG },
        ]),
      }),
      await call(env.app, 'PUT', '/firm/logo', { as: admin, ...multipart([]) }),
      await putLogo({ name: 'empty.png', content: Buffer.alloc(0) }),
      await call(env.app, 'PUT', '/firm/logo', { as: admin, body: { file: PNG.toString('base64') } }),
    ];
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    expect((await call(env.app, 'GET', '/firm', { as: admin })).json().logoUrl).toBe(before);
  });

  it('a removed logo is gone from settings, branding and its URL; removing twice is harmless', async () => {
    const { logoUrl } = (await putLogo({ name: 'l.png', content: PNG })).json();
    expect((await call(env.app, 'DELETE', '/firm/logo', { as: admin })).statusCode).toBe(204);
    expect((await call(env.app, 'DELETE', '/firm/logo', { as: admin })).statusCode).toBe(204);
    expect((await call(env.app, 'GET', '/firm', { as: admin })).json().logoUrl).toBeNull();
    expect((await call(env.app, 'GET', `/branding?firm=${firmId}`)).json().logoUrl).toBeNull();
    expect((await env.app.inject({ method: 'GET', url: logoUrl })).statusCode).toBe(404);
  });
});

describe('branding', () => {
  it("answers without sign-in for the instance's first firm, or the one named; an unknown firm is 404", async () => {
    const [first] = await env.deps.db
      .select()
      .from(firms)
      .orderBy(asc(firms.createdAt), asc(firms.id))
      .limit(1);
    const res = await call(env.app, 'GET', '/branding');
    expect(res.statusCode).toBe(200);
    expect(res.json().firmName).toBe(first!.name);
    const named = await call(env.app, 'GET', `/branding?firm=${other.firm.id}`);
    expect(named.json()).toEqual({
      firmName: 'Other Firm LLP',
      logoUrl: null,
      brandColor: '#1f3a5f',
      welcomeText: null,
    });
    expect((await call(env.app, 'GET', '/branding?firm=nope')).statusCode).toBe(404);
    expect((await call(env.app, 'GET', '/branding/logo?firm=nope')).statusCode).toBe(404);
    // another firm's logo is served by its own id only
    expect((await call(env.app, 'GET', `/branding/logo?firm=${other.firm.id}`)).statusCode).toBe(404);
  });

  it("one firm's admin never changes another firm", async () => {
    const before = (await call(env.app, 'GET', '/firm', { as: admin })).json();
    expect((await patch({ name: 'Renamed by other' }, other.admin)).statusCode).toBe(200);
    expect((await call(env.app, 'GET', '/firm', { as: admin })).json()).toEqual(before);
  });
});
