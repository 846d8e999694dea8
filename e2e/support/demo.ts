import type { APIResponse, Browser, Page } from 'playwright-core';

/** The answer's JSON; a refused call throws with its status and body. */
export async function okJson<T = { id: string; conversation?: { id: string } }>(
  res: APIResponse,
): Promise<T> {
  if (!res.ok()) throw new Error(`${res.url()}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A page as a client's phone shows it: 390×844, touch. */
export const phonePage = (browser: Browser, baseURL?: string): Promise<Page> =>
  browser.newPage({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/**
 * Staff (signed in on `staff`) add a client with an email (and a mobile) as a party of a new matter,
 * through the API as the staff app calls it.
 */
export async function matterWithClient(
  staff: Page,
  serverUrl: string,
  input: { title: string; name: string; email: string; mobile?: string; role?: string },
) {
  const write = { headers: { origin: serverUrl } };
  const matter = await okJson(
    await staff.request.post('/api/v1/matters', { ...write, data: { title: input.title } }),
  );
  const contact = await okJson(
    await staff.request.post('/api/v1/contacts', {
      ...write,
      data: { name: input.name, email: input.email, ...(input.mobile ? { mobile: input.mobile } : {}) },
    }),
  );
  const party = await okJson(
    await staff.request.post(`/api/v1/matters/${matter.id}/parties`, {
      ...write,
      data: { contactId: contact.id, role: input.role ?? 'Client' },
    }),
  );
  return { write, matterId: matter.id, contactId: contact.id, partyId: party.id };
}

/** The client of `matterWithClient`'s answer as the Client party of one more new matter, `title`. */
export async function sameClientOnMatter(
  staff: Page,
  client: { write: { headers: { origin: string } }; contactId: string },
  title: string,
) {
  const { write } = client;
  const matter = await okJson(await staff.request.post('/api/v1/matters', { ...write, data: { title } }));
  const party = await okJson(
    await staff.request.post(`/api/v1/matters/${matter.id}/parties`, {
      ...write,
      data: { contactId: client.contactId, role: 'Client' },
    }),
  );
  return { matterId: matter.id, partyId: party.id };
}

/**
 * The first group of `pattern` in an email or SMS to `to` in the outbox (`GET /dev/outbox`, read by
 * an admin's page), waiting up to 30 s for it; a link's host is made `serverUrl`'s.
 */
export async function fromOutbox(
  staff: Page,
  serverUrl: string,
  to: string,
  pattern: RegExp,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { items } = await okJson<{ items: { to: string; text: string }[] }>(
      await staff.request.get('/api/v1/dev/outbox'),
    );
    const found = items.map((i) => (i.to === to ? pattern.exec(i.text)?.[1] : undefined)).find(Boolean);
    if (found) return found.replace(/^https?:\/\/[^/]+/, serverUrl);
    if (Date.now() > deadline) {
      const held = items.map((i) => `${i.to}: ${i.text.slice(0, 80)}`).join(' | ');
      throw new Error(`no message to ${to} matching ${pattern} in the outbox (it holds: ${held})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const SIGN_IN_LINK = /(http\S+\/portal\/sign-in\?token=[A-Za-z0-9_%-]+)/;
