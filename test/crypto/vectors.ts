/** Reads the shared test vectors (../shared/vectors relative to the repository root). */
import fs from 'node:fs';
import path from 'node:path';

export function readVector<T = unknown>(name: string): T {
  const file = path.resolve(__dirname, '..', '..', '..', 'shared', 'vectors', name);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
