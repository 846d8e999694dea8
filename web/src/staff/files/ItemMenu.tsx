import { useEffect, useId, useRef, useState } from 'react';

/** A keyboard-usable "⋯" menu: Enter/Space opens it, arrows move, Escape closes. */
export function ItemMenu({ label, items }: { label: string; items: [string, () => void][] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
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
          aria-label={`Actions for ${label}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
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
