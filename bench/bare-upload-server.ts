/**
 * The upload benchmark's main baseline (bench/upload.ts), run as a process of its own so that its
 * CPU time can be read from /proc like the server's: a bare node:http server doing the work of an
 * upload without tus, a database or Parley: it streams the request body to a file while computing
 * its SHA-256 in the same pass, fdatasyncs the file, and answers 201 with the hash. It prints
 * `listening <port>` once ready. Usage: node --import tsx bench/bare-upload-server.ts <dir>
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bare-upload-server.ts <dir>');
let next = 0;

const server = http.createServer(async (req, res) => {
  const file = path.join(dir, `upload-${process.pid}-${next++}.bin`);
  try {
    const hash = createHash('sha256');
    const out = fs.createWriteStream(file);
    await pipeline(
      req,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      },
      out,
    );
    const handle = await fs.promises.open(file, 'r+');
    await handle.datasync();
    await handle.close();
    res.writeHead(201, { 'content-type': 'text/plain' }).end(hash.digest('hex'));
  } catch (error) {
    res.writeHead(500).end(String(error));
  } finally {
    if (req.headers['x-keep'] !== '1') await fs.promises.rm(file, { force: true });
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
