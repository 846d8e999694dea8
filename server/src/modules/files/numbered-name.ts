/** `report.pdf`, `report (2).pdf`, `report (3).pdf`... kept within 255 UTF-8 bytes. */
export function numberedName(name: string, n: number): string {
  if (n === 1) return name;
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const suffix = ` (${n})${ext}`;
  let cut = base;
  while (Buffer.byteLength(cut + suffix, 'utf8') > 255 && cut.length > 0) cut = cut.slice(0, -1);
  return `${cut}${suffix}`;
}

/** The first of `name`, `name (2)`, `name (3)`... not in `taken`, which it then joins. */
export function takeFreeName(taken: Set<string>, name: string): string {
  let n = 1;
  while (taken.has(numberedName(name, n))) n++;
  const free = numberedName(name, n);
  taken.add(free);
  return free;
}
