import { describe, expect, it } from 'vitest';
import { numberedName, takeFreeName } from './numbered-name';

describe('numberedName', () => {
  it('numbers before the extension, keeps names without one whole', () => {
    expect(numberedName('scan.pdf', 1)).toBe('scan.pdf');
    expect(numberedName('scan.pdf', 2)).toBe('scan (2).pdf');
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz');
    expect(numberedName('README', 2)).toBe('README (2)');
    expect(numberedName('.env', 2)).toBe('.env (2)');
  });

  it('stays within 255 UTF-8 bytes', () => {
    const long = `${'é'.repeat(125)}.txt`; // 254 bytes
    const named = numberedName(long, 12);
    expect(Buffer.byteLength(named, 'utf8')).toBeLessThanOrEqual(255);
    expect(named.endsWith(' (12).txt')).toBe(true);
  });
});

describe('takeFreeName', () => {
  it('takes the first free numbered name and remembers it', () => {
    const taken = new Set(['claim.pdf', 'claim (2).pdf']);
    expect(takeFreeName(taken, 'claim.pdf')).toBe('claim (3).pdf');
    expect(takeFreeName(taken, 'claim.pdf')).toBe('claim (4).pdf');
    expect(takeFreeName(taken, 'notes.txt')).toBe('notes.txt');
    expect(taken.has('notes.txt')).toBe(true);
  });
});
