/**
 * POSIX ustar archive of several files, streamed (node-only): the bid content when the CLI seals
 * more than one file. Deterministic (mtime 0, uid/gid 0, mode 0644), readable with `tar -x`.
 */
import fs from 'node:fs';
import path from 'node:path';

const BLOCK = 512;

function header(name: string, size: number): Uint8Array {
  const h = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`file name too long for the archive: ${name}`);
  if (size >= 8 ** 11) throw new Error(`file too large for the archive: ${name}`);
  nameBytes.copy(h, 0);
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum placeholder
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

export interface TarInput { files: { path: string; size: number; name: string }[]; totalSize: number }

export function planTar(paths: readonly string[]): TarInput {
  const files = paths.map((p) => ({ path: p, size: fs.statSync(p).size, name: path.basename(p) }));
  const names = new Set(files.map((f) => f.name));
  if (names.size !== files.length) throw new Error('two files have the same name');
  const totalSize = files.reduce((s, f) => s + BLOCK + f.size + padding(f.size), 0) + 2 * BLOCK;
  return { files, totalSize };
}

export async function* tarStream(plan: TarInput): AsyncGenerator<Uint8Array> {
  for (const f of plan.files) {
    yield header(f.name, f.size);
    let seen = 0;
    for await (const chunk of fs.createReadStream(f.path)) {
      seen += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (seen !== f.size) throw new Error(`${f.path} changed while sealing`);
    if (padding(f.size)) yield new Uint8Array(padding(f.size));
  }
  yield new Uint8Array(2 * BLOCK);
}
