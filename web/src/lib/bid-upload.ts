/**
 * Resumable upload of bid.cms (ciphertext only) to PUT /api/bid-uploads/<id>, chunk by chunk.
 *
 * Each PUT carries `upload-offset` = the byte offset of its chunk; the server answers 204 with the
 * bytes stored so far. On a broken connection (or a 5xx) the loop waits a little, asks the server
 * where to resume (HEAD → `upload-offset`) and goes on from there; on 409 the response itself says
 * where to resume. XMLHttpRequest rather than fetch: it reports the bytes sent within a chunk, so the
 * progress bar moves with the real upload.
 */

export interface UploadProgress {
  /** bytes the server has confirmed */
  stored: number;
  /** bytes sent so far (stored + the part of the chunk in flight) */
  sent: number;
  total: number;
  /** the connection broke and the loop is about to resume */
  reconnecting: boolean;
  /** how many times the upload has resumed after a failure */
  resumes: number;
}

export class BidUploadError extends Error {
  constructor(
    /** NETWORK, ABORTED, or the server's code (DEADLINE_PASSED, NOT_FOUND, SIZE_MISMATCH, HTTP_<status> …) */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BidUploadError';
  }
}

export interface UploadOptions {
  uploadId: string;
  bytes: Uint8Array;
  chunkSize: number;
  token: string;
  /** where the server says the upload stands (createBidUpload's `received`) */
  startAt?: number;
  onProgress?(progress: UploadProgress): void;
  signal?: AbortSignal;
  /** consecutive failures without progress before giving up */
  maxAttempts?: number;
  /** base delay of the back-off, ms */
  retryDelayMs?: number;
}

interface ChunkResponse {
  status: number;
  offset: number | null;
  body: string;
}

const uploadUrl = (id: string) => `/api/bid-uploads/${encodeURIComponent(id)}`;

function headerOffset(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function putChunk(options: UploadOptions, offset: number, chunk: Uint8Array, onSent: (bytes: number) => void): Promise<ChunkResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.open('PUT', uploadUrl(options.uploadId));
    xhr.setRequestHeader('authorization', `Bearer ${options.token}`);
    xhr.setRequestHeader('upload-offset', String(offset));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, offset: headerOffset(xhr.getResponseHeader('upload-offset')), body: xhr.responseText });
    };
    xhr.onerror = () => {
      done();
      reject(new BidUploadError('NETWORK', 'network'));
    };
    xhr.onabort = () => {
      done();
      reject(new BidUploadError(options.signal?.aborted ? 'ABORTED' : 'NETWORK', 'aborted'));
    };
    xhr.ontimeout = xhr.onerror;
    xhr.send(new Blob([chunk as Uint8Array<ArrayBuffer>]));
  });
}

/** Where the server's copy ends (HEAD → upload-offset). */
export async function uploadOffset(uploadId: string, token: string, signal?: AbortSignal): Promise<number> {
  let response: Response;
  try {
    response = await fetch(uploadUrl(uploadId), { method: 'HEAD', headers: { authorization: `Bearer ${token}` }, cache: 'no-store', signal });
  } catch {
    throw new BidUploadError(signal?.aborted ? 'ABORTED' : 'NETWORK', 'network');
  }
  if (response.status === 404) throw new BidUploadError('NOT_FOUND', 'There is no such upload of yours.');
  const offset = headerOffset(response.headers.get('upload-offset'));
  if (!response.ok || offset === null) throw new BidUploadError(`HTTP_${response.status}`, response.statusText);
  return offset;
}

function refusal(response: ChunkResponse): BidUploadError {
  try {
    const first = (JSON.parse(response.body) as { errors?: { message?: string; extensions?: { code?: string } }[] }).errors?.[0];
    return new BidUploadError(first?.extensions?.code ?? `HTTP_${response.status}`, first?.message ?? `HTTP ${response.status}`);
  } catch {
    return new BidUploadError(`HTTP_${response.status}`, `HTTP ${response.status}`);
  }
}

/** Waits `ms`; rejects with ABORTED as soon as `signal` aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BidUploadError('ABORTED', 'aborted'));
    const timer = window.setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        window.clearTimeout(timer);
        reject(new BidUploadError('ABORTED', 'aborted'));
      },
      { once: true },
    );
  });
}

/** Sends every byte from the server's offset on; resolves when the server holds them all. */
export async function uploadBidCms(options: UploadOptions): Promise<void> {
  const { bytes, chunkSize } = options;
  const total = bytes.length;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelay = options.retryDelayMs ?? 500;
  let stored = Math.min(options.startAt ?? 0, total);
  let failures = 0;
  let resumes = 0;
  const report = (sent: number, reconnecting = false) => options.onProgress?.({ stored, sent: Math.min(sent, total), total, reconnecting, resumes });

  /** After a failure: back off, then learn where to resume (a failing HEAD counts as another failure). */
  const recover = async (cause: BidUploadError, knownOffset: number | null = null): Promise<void> => {
    failures += 1;
    if (failures >= maxAttempts) throw cause;
    resumes += 1;
    report(stored, true);
    if (knownOffset !== null) {
      stored = knownOffset;
      return;
    }
    await wait(Math.min(baseDelay * 2 ** (failures - 1), 8000), options.signal);
    try {
      stored = await uploadOffset(options.uploadId, options.token, options.signal);
    } catch (error) {
      if (error instanceof BidUploadError && (error.code === 'NETWORK' || error.code.startsWith('HTTP_5'))) return recover(error);
      throw error;
    }
  };

  report(stored);
  while (stored < total) {
    const end = Math.min(stored + chunkSize, total);
    let response: ChunkResponse;
    try {
      response = await putChunk(options, stored, bytes.subarray(stored, end), (sent) => report(stored + sent));
    } catch (error) {
      const failure = error instanceof BidUploadError ? error : new BidUploadError('NETWORK', String(error));
      if (failure.code === 'ABORTED') throw failure;
      await recover(failure);
      continue;
    }
    if (response.status === 204 && response.offset !== null) {
      if (response.offset > stored) failures = 0;
      stored = response.offset;
      report(stored);
      continue;
    }
    if (response.status === 409) {
      await recover(refusal(response), response.offset);
      continue;
    }
    if (response.status >= 500 || response.status === 0) {
      await recover(refusal(response));
      continue;
    }
    throw refusal(response);
  }
  report(total);
}
