/**
 * The matter's + and the composer (#14 items 3 and 4): + with exactly the people of a conversation
 * continues it (and says so before Send), other people start one (saying external or internal).
 */
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';

const journey = useJourney('composer');

const call = journey.call;

/** A matter with Ann Client as a party, Bob Staff on the firm, and an external conversation of the three. */
async function matterWithConversation() {
  const { token } = await call<{ token: string }>('/auth/login', journey.admin);
  const bob = await call<{ id: string }>(
    '/staff',
    { name: 'Bob Staff', email: 'bob@composer.test', role: 'staff', password: 'bob password 12345' },
    token,
  );
  const matter = await call<{ id: string }>('/matters', { title: 'Ashby estate' }, token);
  const contact = await call<{ id: string }>(
    '/contacts',
    { name: 'Ann Client', email: 'ann@client.test' },
    token,
  );
  const ann = await call<{ id: string }>(
    `/matters/${matter.id}/parties`,
    { contactId: contact.id, role: 'Client' },
    token,
  );
  const { conversation } = await call<{ conversation: { id: string } }>(
    `/matters/${matter.id}/messages`,
    { partyIds: [ann.id], staffIds: [bob.id], body: 'Welcome to the portal.' },
    token,
  );
  return { matterId: matter.id, conversationId: conversation.id };
}

it('+ with the same people continues their conversation; other people start one, external or internal', async () => {
  const { matterId, conversationId } = await matterWithConversation();
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.goto(`/matters/${matterId}`);
  const externalList = page.getByRole('list', { name: 'External conversations' });
  await externalList.getByRole('link').first().waitFor();

  // + External, nobody yet: Send waits for a party.
  await page.getByRole('button', { name: 'Start or continue an external conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'External conversation' });
  const note = dialog.getByRole('status');
  await note.getByText(/Choose at least one party/).waitFor();
  await dialog.getByLabel('Message', { exact: true }).fill('The valuation came back.');
  expect(await dialog.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);

  // Ann alone: a new external conversation.
  await dialog.getByRole('checkbox', { name: /Ann Client/ }).check();
  await note.getByText('Starts a new external conversation — the parties will see it.').waitFor();
  await dialog.getByLabel('Title (optional)').waitFor();

  // Ann and Bob: exactly the people of the conversation that exists.
  await dialog.getByRole('checkbox', { name: 'Bob Staff' }).check();
  await note
    .getByText(
      /^Continues the external conversation with (Bob Staff, Ann Client|Ann Client, Bob Staff) \(last message today, .+\)\./,
    )
    .waitFor();
  await note.getByRole('link', { name: 'Open it' }).waitFor();
  expect(await dialog.getByLabel('Title (optional)').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'composer-plus-continues');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForURL(`**/matters/${matterId}/conversations/${conversationId}`);
  const thread = page.getByRole('list', { name: 'Messages' });
  await thread.getByText('Welcome to the portal.').waitFor();
  await thread.getByText('The valuation came back.').waitFor();
  // No new conversation.
  await expect.poll(() => externalList.getByRole('listitem').count()).toBe(1);

  // + Internal: staff only (no parties offered), a new one with Bob.
  await page.getByRole('button', { name: 'Start or continue an internal conversation' }).click();
  const internal = page.getByRole('dialog', { name: 'Internal conversation' });
  expect(await internal.getByRole('checkbox', { name: /Ann Client/ }).count()).toBe(0);
  await internal.getByRole('checkbox', { name: 'Bob Staff' }).check();
  await internal.getByRole('status').getByText('Starts a new internal conversation — staff only.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'composer-plus-internal');
  await internal.getByRole('button', { name: 'Close' }).click();
  await page.close();
});
