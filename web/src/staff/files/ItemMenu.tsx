import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { menuPosition } from './menu-position';

/**
 * A keyboard-usable "⋯" menu: Enter/Space opens it, arrows move, Escape closes. `open` and
 * `onOpenChange` let its row open it too (right-click, the context-menu key). It opens next to its
 * button (below it, or above when the screen has no room below), always on screen and above the
 * upload tray, on a phone as on a desktop.
 */
export function ItemMenu({
  label,
  items,
  open: shown,
  onOpenChange,
}: {
  label: string;
  items: [string, () => void][];
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [own, setOwn] = useState(false);
  const open = shown ?? own;
  const setOpen = (next: boolean | ((o: boolean) => boolean)) => {
    const value = typeof next === 'function' ? next(open) : next;
    setOwn(value);
    onOpenChange?.(value);
  };
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: setOpen is rebuilt each render; open says when
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  // Placed before it is painted, and again when the page scrolls or the window changes size.
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const button = ref.current?.querySelector('[aria-haspopup]');
      const el = menu.current;
      if (!button || !el) return;
      const at = menuPosition(button.getBoundingClientRect(), el.getBoundingClientRect(), {
        width: document.documentElement.clientWidth,
        height: window.innerHeight,
      });
      el.style.left = `${at.left}px`;
      el.style.top = `${at.top}px`;
      el.style.maxHeight = `${at.maxHeight}px`;
    };
    place();
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Actions for ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <div
          role="menu"
          id={id}
          ref={menu}
          aria-label={`Actions for ${label}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Tab') {
              if (e.key === 'Escape') e.preventDefault();
              setOpen(false);
              ref.current?.querySelector<HTMLButtonElement>('[aria-haspopup]')?.focus();
            }
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const buttons = [
                ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
              ];
              const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
              buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
            }
          }}
        >
          {items.map(([text, action]) => (
            <button
              key={text}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                // The ⋯ button holds the focus while the action runs, so a dialog it opens gives the
                // focus back to it when it closes (the menu item is gone by then).
                ref.current?.querySelector<HTMLButtonElement>('[aria-haspopup]')?.focus();
                action();
              }}
            >
              {text}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
