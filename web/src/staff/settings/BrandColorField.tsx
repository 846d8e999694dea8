import { brandColorReadable, contrastRatio, MIN_BRAND_CONTRAST } from '@parley/contracts/brand';
import { useId } from 'react';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Whether a brand colour can be saved: written #rrggbb and readable under white text. */
export const brandColorOk = (value: string) => HEX.test(value) && brandColorReadable(value);

/**
 * The firm's brand colour: a colour picker and its #rrggbb text, with the contrast of white text on
 * it checked as the user picks (the same rule the server applies, from `@parley/contracts/brand`).
 */
export function BrandColorField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const written = HEX.test(value);
  const ratio = written ? contrastRatio(value, '#ffffff') : undefined;
  const readable = written && brandColorReadable(value);
  return (
    <div className="field">
      <label htmlFor={id}>Brand colour</label>
      <div className="brand-color">
        <input
          type="color"
          aria-label="Pick the brand colour"
          value={written ? value.toLowerCase() : '#000000'}
          onChange={(e) => onChange(e.target.value)}
        />
        <input
          id={id}
          value={value}
          spellCheck={false}
          aria-describedby={`${id}-check`}
          aria-invalid={!readable}
          onChange={(e) => onChange(e.target.value.trim())}
        />
        <span className="swatch" style={written ? { background: value } : undefined} aria-hidden="true">
          {/* Sample text only where it is readable (an unreadable sample would itself fail WCAG). */}
          {readable ? 'Sample' : ''}
        </span>
      </div>
      <p id={`${id}-check`} className={readable ? 'muted' : 'error'} aria-live="polite">
        {!written
          ? 'Write the colour as # and six hex digits, for example #1f3a5f.'
          : readable
            ? `White text on it has a contrast of ${ratio!.toFixed(1)}:1, readable (at least ${MIN_BRAND_CONTRAST}:1 is needed).`
            : `White text on it has a contrast of only ${ratio!.toFixed(1)}:1; at least ${MIN_BRAND_CONTRAST}:1 is needed. Choose a darker colour.`}
      </p>
    </div>
  );
}
