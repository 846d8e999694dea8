/** `locale`: a BCP 47 tag for `Intl` (the portal passes its language's); the browser's by default. */
export function formatBytes(n: number, locale?: string): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = v < 10 ? 1 : 0;
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(v);
  return `${number} ${units[i]}`;
}

export function formatTime(iso: string, locale?: string): string {
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  const tags = locale ? [locale] : [];
  return sameDay
    ? d.toLocaleTimeString(tags, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(tags, { dateStyle: 'medium', timeStyle: 'short' });
}
