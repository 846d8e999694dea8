/**
 * Brand colour rules, without zod: the server checks a firm's colour with them and the settings page
 * shows the same check live (`@parley/contracts/brand`, safe for the web bundle).
 */

/** WCAG 2's minimum contrast for normal text (success criterion 1.4.3, level AA). */
export const MIN_BRAND_CONTRAST = 4.5;
export const DEFAULT_BRAND_COLOR = '#1f3a5f';
/** The largest logo a firm may upload (1 MiB). */
export const LOGO_MAX_BYTES = 1024 * 1024;
export const WELCOME_TEXT_MAX = 2000;

const channel = (hex: string) => {
  const c = Number.parseInt(hex, 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of `#rrggbb`. */
export function relativeLuminance(color: string): number {
  const hex = color.replace('#', '');
  return (
    0.2126 * channel(hex.slice(0, 2)) + 0.7152 * channel(hex.slice(2, 4)) + 0.0722 * channel(hex.slice(4, 6))
  );
}

/** The contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** White text on the brand colour (buttons, the top bar) must be readable. */
export const brandColorReadable = (color: string) => contrastRatio(color, '#ffffff') >= MIN_BRAND_CONTRAST;
