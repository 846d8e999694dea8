/**
 * What the portal keeps in this browser: the unsent reply of each quick-reply link (across reloads,
 * errors and an expired link; a portal conversation's is `ui/draft.ts`, shared with the staff
 * composer), and the firm of the last link opened, so the next page shows that firm's brand
 * while it loads. Keys name a link by a hash of its token, never the token itself.
 */

/** FNV-1a (32 bit) twice, with two seeds: a short, stable name for a token that does not reveal it. */
function tokenKey(token: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ token.length;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

// Private browsing or a full disk may refuse storage: the page works on, without the memory.
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string | null): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // see read()
  }
}

const draftKey = (token: string) => `parley.quick-draft.${tokenKey(token)}`;
const FIRM_KEY = 'parley.quick-firm';

export const readQuickDraft = (token: string): string => read(draftKey(token)) ?? '';
/** Keeps `text` as the link's draft; an empty text forgets it. */
export const writeQuickDraft = (token: string, text: string): void =>
  write(draftKey(token), text.trim() ? text : null);

export const readQuickFirm = (): string | undefined => read(FIRM_KEY) ?? undefined;
export const writeQuickFirm = (firmId: string): void => write(FIRM_KEY, firmId);
