import { CONTROL_CHARACTERS } from '../../platform/text';

/**
 * Names inside one folder of the zip: a document or folder name is only text in Parley (it may hold
 * `/`, `..`, characters Windows refuses, or differ from a sibling only by case), so each becomes a
 * safe path segment, unique in its folder (case-insensitively, as on Windows and macOS): the
 * second `Report.pdf` is `Report (2).pdf`.
 */
export class ZipNames {
  private readonly taken = new Set<string>();

  take(name: string): string {
    const safe = safeSegment(name);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = safe;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${ext}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Refused by zip tools or file systems: separators, control characters, reserved punctuation. */
export function safeSegment(name: string): string {
  const cleaned = Array.from(
    name
      .normalize('NFC')
      .replace(CONTROL_CHARACTERS, '_')
      .replace(/[/\\:*?"<>|]/g, '_')
      .replace(/[. ]+$/, ''),
  )
    .slice(0, 150)
    .join('')
    .trim();
  return cleaned === '' || /^\.+$/.test(cleaned) ? '_' : cleaned;
}
