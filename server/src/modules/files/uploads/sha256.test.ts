import { createHash, randomBytes, randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { Sha256Stream } from './sha256';

it('gives the digest node:crypto gives, for chunks of any size, several streams at once', async () => {
  const streams = [new Sha256Stream(), new Sha256Stream()];
  const expected = [createHash('sha256'), createHash('sha256')];
  for (let i = 0; i < 60; i++) {
    const which = i % 2;
    const chunk = randomBytes([0, 1, 65_536, 3 * 1024 * 1024 + 7][i % 4]! + randomInt(1000));
    expected[which]!.update(chunk);
    const behind = streams[which]!.update(chunk);
    chunk.fill(0); // the stream copied it: the caller may reuse the buffer at once
    if (behind) await behind;
  }
  expect(await streams[0]!.digest()).toBe(expected[0]!.digest('hex'));
  expect(await streams[1]!.digest()).toBe(expected[1]!.digest('hex'));
  expect(await new Sha256Stream().digest()).toBe(createHash('sha256').digest('hex'));
});

it('counts what it was fed, and has no digest once dropped', async () => {
  const stream = new Sha256Stream();
  await stream.update(Buffer.from('abc'));
  expect(stream.offset).toBe(3);
  stream.drop();
  await expect(stream.digest()).rejects.toThrow('dropped');
});
