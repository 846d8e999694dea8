/**
 * The matter's + and the composer (#14 items 3 and 4): + with exactly the people of a conversation
 * continues it (and says so before Send), other people start one (saying external or internal);
 * files from the computer by the button, a drop and a paste, uploaded into "Sent files"; from All Files.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { holdUploads } from './support/hold-uploads';
import { useJourney } from './support/journey';

// A small file limit, so that refusing a file over it needs no gigabytes.
const journey = useJourney('composer', { LIMIT_FILE_BYTES: '200000' });
let matter: { matterId: string; conversationId: string };

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
  matter = await matterWithConversation();
  const { matterId, conversationId } = matter;
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

/** Fires a drag over the thread, a drop on it, or a paste on the message box, of files built in the page. */
async function dispatchFiles(
  page: Page,
  how: 'drag' | 'drop' | 'paste',
  files: { name: string; type: string; text: string }[],
) {
  await page.evaluate(
    ({ how, files }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: f.type }));
      const form = document.querySelector('form.composer') as HTMLFormElement;
      if (how === 'paste') {
        const box = form.querySelector('textarea') as HTMLTextAreaElement;
        box.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
        );
        return;
      }
      // Onto the thread's messages, above the composer: the whole thread takes files.
      const messages = document.querySelector('.thread ol.messages') as HTMLElement;
      const types = how === 'drag' ? ['dragenter', 'dragover'] : ['dragover', 'drop'];
      for (const type of types)
        messages.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { how, files },
  );
}

it('attaches files from the computer by the button, a drop and a paste, into "Sent files"', async () => {
  const { matterId, conversationId } = matter;
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.goto(`/matters/${matterId}/conversations/${conversationId}`);
  const composer = page.getByRole('form', { name: 'Write a message' });
  const uploading = composer.getByRole('list', { name: 'Uploading' });
  const attached = composer.getByRole('list', { name: 'In this message' });
  const send = composer.getByRole('button', { name: 'Send', exact: true });
  await composer
    .getByRole('button', { name: 'Files from the computer are saved in Sent files: change' })
    .waitFor();

  // The button: two files, held while they upload: chips say so and Send waits.
  const uploads = await holdUploads(page);
  await composer.getByLabel('Attach files from the computer').setInputFiles([
    { name: 'valuation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 valuation') },
    { name: 'draft.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
  ]);
  await uploading.getByText('valuation.pdf').waitFor();
  await uploading.getByText('draft.txt').waitFor();
  await composer.getByLabel('Message', { exact: true }).fill('Here are the papers.');
  await composer.getByText('Send waits for the uploads…').waitFor();
  expect(await send.isDisabled()).toBe(true);
  // The composer shows them itself: the app's upload tray does not list them again over it.
  expect(await page.getByRole('region', { name: 'Uploads' }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'composer-uploading');
  // × on a running upload withdraws it.
  await uploading.getByRole('button', { name: 'Remove draft.txt' }).click();
  uploads.release();
  await attached.getByRole('button', { name: 'Remove valuation.pdf' }).waitFor();
  await expect.poll(() => uploading.count()).toBe(0);
  await expect.poll(() => send.isDisabled()).toBe(false);

  // A drop on the thread: the composer shows itself as the target while files are over the thread.
  await dispatchFiles(page, 'drag', [{ name: 'dropped note.txt', type: 'text/plain', text: 'dropped' }]);
  await composer.getByText('Drop files to attach them (saved in “Sent files”)').waitFor();
  await snapSizes(page, 'composer-drop-target');
  await dispatchFiles(page, 'drop', [{ name: 'dropped note.txt', type: 'text/plain', text: 'dropped' }]);
  await attached.getByRole('button', { name: 'Remove dropped note.txt' }).waitFor();
  expect(await composer.getByText('Drop files to attach them', { exact: false }).count()).toBe(0);

  // A paste of a screenshot ("image.png" from the clipboard) into the message box.
  await dispatchFiles(page, 'paste', [{ name: 'image.png', type: 'image/png', text: 'png bytes' }]);
  await attached
    .getByRole('button', { name: /^Remove Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png$/ })
    .waitFor();
  expect(await composer.getByLabel('Message', { exact: true }).inputValue()).toBe('Here are the papers.');

  // A file over the limit is refused before a byte is sent; Send waits until it is removed.
  await composer.getByLabel('Attach files from the computer').setInputFiles({
    name: 'scan.tiff',
    mimeType: 'image/tiff',
    buffer: Buffer.alloc(300_000, 1),
  });
  await uploading.getByText(/Over the .* limit for one file\./).waitFor();
  expect(await send.isDisabled()).toBe(true);
  await composer.getByText('Send waits: retry or remove the file that did not upload.').waitFor();
  await uploading.getByRole('button', { name: 'Remove scan.tiff' }).click();
  await expect.poll(() => send.isDisabled()).toBe(false);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'composer-attached');

  await send.click();
  const sent = page
    .getByRole('list', { name: 'Messages' })
    .getByRole('listitem')
    .filter({ hasText: 'Here are the papers.' });
  await sent.getByRole('link', { name: 'valuation.pdf' }).waitFor();
  await sent.getByRole('link', { name: 'dropped note.txt' }).waitFor();
  await sent.getByRole('link', { name: /^Pasted image/ }).waitFor();
  expect(await sent.getByRole('link').count()).toBe(3);

  // They are documents of the matter's top-level "Sent files" (draft.txt, withdrawn, is not).
  const files = async (folderId?: string) =>
    (await (
      await page.request.get(`/api/v1/matters/${matterId}/files${folderId ? `?folderId=${folderId}` : ''}`)
    ).json()) as {
      folders: { id: string; name: string }[];
      documents: { name: string }[];
    };
  const sentFiles = (await files()).folders.find((f) => f.name === 'Sent files');
  expect(sentFiles).toBeDefined();
  const names = (await files(sentFiles?.id)).documents.map((d) => d.name).sort();
  expect(names).toEqual([
    expect.stringMatching(/^Pasted image .*\.png$/),
    'dropped note.txt',
    'valuation.pdf',
  ]);

  // Another folder, picked: All Files' top level.
  await composer
    .getByRole('button', { name: 'Files from the computer are saved in Sent files: change' })
    .click();
  const where = page.getByRole('dialog', { name: 'Save files from the computer in' });
  await where.getByRole('button', { name: 'Save in All Files' }).click();
  await composer.getByLabel('Attach files from the computer').setInputFiles({
    name: 'valuation.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 valuation again'),
  });
  await attached.getByRole('button', { name: 'Remove valuation.pdf' }).waitFor();
  await expect.poll(async () => (await files()).documents.map((d) => d.name)).toEqual(['valuation.pdf']);

  // From All Files: a document of "Sent files", picked in the matter's folders, joins it.
  await composer.getByRole('button', { name: 'From All Files' }).click();
  const picker = page.getByRole('dialog', { name: 'Attach files (fixed copies)' });
  await picker.getByRole('button', { name: 'Sent files' }).click();
  await picker.getByRole('checkbox', { name: /dropped note\.txt/ }).check();
  await picker.getByRole('button', { name: 'Attach (1)' }).click();
  await attached.getByRole('button', { name: 'Remove dropped note.txt' }).waitFor();
  await composer.getByLabel('Message', { exact: true }).fill('Again, with the note.');
  await send.click();
  const again = page
    .getByRole('list', { name: 'Messages' })
    .getByRole('listitem')
    .filter({ hasText: 'Again, with the note.' });
  await again.getByRole('link', { name: 'dropped note.txt' }).waitFor();
  await again.getByRole('link', { name: 'valuation.pdf' }).waitFor();
  await page.close();
});
