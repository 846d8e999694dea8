import { useEffect } from 'react';

/**
 * The firm's brand colour for the top bar and buttons (`--brand`; white text on it, its contrast
 * checked when the firm saved it). Back to the default when the page leaves.
 */
export function useBrandColor(color: string | undefined) {
  useEffect(() => {
    if (!color) return;
    const root = document.documentElement;
    root.style.setProperty('--brand', color);
    return () => {
      root.style.removeProperty('--brand');
    };
  }, [color]);
}

/** The browser tab's title: "(2) Messages · Lovelace & Partners" (the count only when there is one). */
export function useTabTitle(page: string | undefined, firmName: string | undefined, unread = 0) {
  useEffect(() => {
    const name = [page, firmName].filter(Boolean).join(' · ') || 'Parley';
    document.title = unread > 0 ? `(${unread}) ${name}` : name;
  }, [page, firmName, unread]);
}

/** The firm's logo (when it has one) and name, as the top bar shows them. */
export function FirmMark({ name, logoUrl }: { name: string; logoUrl: string | null | undefined }) {
  return (
    <>
      {logoUrl && <img src={logoUrl} alt="" className="brand-logo" />}
      <span>{name}</span>
    </>
  );
}
