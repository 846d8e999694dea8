/**
 * Text that cannot be stored, in every form a request can carry it (issue #19 item 4): the bad-input
 * suite sends each of these into every route's path params, query, body fields and tus metadata.
 */

/** As JSON strings: what JSON.parse turns into a NUL or a lone UTF-16 surrogate. */
export const BAD_STRINGS: [label: string, value: string][] = [
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00'],
];

/** As raw bytes: a NUL, and sequences that are not UTF-8 (overlong forms, an encoded surrogate). */
export const BAD_BYTES: [label: string, bytes: number[]][] = [
  ['NUL byte', [0x61, 0x00, 0x62]],
  ['overlong NUL', [0xc0, 0x80]],
  ['overlong slash', [0xe0, 0x80, 0xaf]],
  ['encoded surrogate', [0xed, 0xa0, 0x80]],
  ['lone continuation byte', [0x80]],
];

/** As percent-encoded URL text (path segments, query values). */
export const BAD_URL_PARTS: [label: string, encoded: string][] = BAD_BYTES.map(([label, bytes]) => [
  label,
  bytes.map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
]);

type Path = (string | number)[];

/** Where the strings are in a JSON value (nested objects and arrays too). */
export function stringPaths(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...at, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
  return [];
}

/** A deep copy of `value` with the string at `path` replaced. */
export function withStringAt(value: unknown, path: Path, replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[head as string] = withStringAt(copy[head as string], rest, replacement);
  return copy;
}

/** `body` as JSON bytes with the string at `path` holding `bytes` verbatim (not valid JSON text). */
export function jsonWithBytesAt(body: unknown, path: Path, bytes: number[]): Buffer {
  const marker = '\u2603MARK\u2603';
  const [before, after] = JSON.stringify(withStringAt(body, path, marker)).split(marker) as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

/** The label of a path in a failure list: `message.body`, `staffIds.0`. */
export const pathLabel = (path: Path): string => path.join('.');

/** A multipart/form-data body built by hand, so part headers can carry any bytes. */
export function rawMultipart(
  parts: { disposition: Buffer | string; content: Buffer | string }[],
  close = true,
) {
  const boundary = 'parleyBadBytes';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; `));
    chunks.push(Buffer.from(part.disposition));
    chunks.push(Buffer.from('\r\n\r\n'), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
