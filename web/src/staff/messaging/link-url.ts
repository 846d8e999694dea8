/**
 * A link as a person types it: `courts.gov/case` gains `https://`; anything that is still not an
 * http(s) address with a host is refused (undefined).
 */
export function normalizeLinkUrl(input: string): string | undefined {
  const text = input.trim();
  if (!text || /\s/.test(text)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text.replace(/^\/+/, '')}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}
