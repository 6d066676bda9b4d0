/** Where sealed bid ciphertext lives. PostgreSQL chunks by default; an object store can implement the same interface. */
import type { EntityManager } from '@mikro-orm/postgresql';

export interface BlobStore {
  /** Store `data` at `offset` of the upload (called in the caller's transaction). */
  append(em: EntityManager, uploadId: string, offset: number, data: Buffer): Promise<void>;
  /** The whole blob, in order. */
  read(em: EntityManager, uploadId: string): Promise<Buffer>;
}

export class PostgresChunkStore implements BlobStore {
  async append(em: EntityManager, uploadId: string, offset: number, data: Buffer): Promise<void> {
    await em.execute('insert into bid_upload_chunk (upload_id, "offset", data) values (?, ?, ?)', [uploadId, offset, data]);
  }

  async read(em: EntityManager, uploadId: string): Promise<Buffer> {
    const rows = await em.execute<{ data: Buffer }[]>('select data from bid_upload_chunk where upload_id = ? order by "offset"', [uploadId]);
    return Buffer.concat(rows.map((r) => r.data));
  }
}
