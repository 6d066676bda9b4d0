/**
 * Tender documents travel over plain HTTP, not GraphQL: upload as the raw request body, download
 * with the bearer token (so through fetch + a blob URL: a plain link cannot carry the header).
 */
import { saveBlob } from './download';

export interface UploadedDocument {
  id: string;
  name: string;
  size: number;
  sha256: string;
}

/** A refused request: the server's code (FORBIDDEN, NOT_ALLOWED_IN_STATE …) and message, or NETWORK. */
export class DocumentRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function refusal(response: Response): Promise<DocumentRequestError> {
  try {
    const body = (await response.json()) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    return new DocumentRequestError(first?.extensions?.code ?? `HTTP_${response.status}`, first?.message ?? response.statusText);
  } catch {
    return new DocumentRequestError(`HTTP_${response.status}`, response.statusText);
  }
}

export async function uploadDocument(projectId: string, file: File, token: string): Promise<UploadedDocument> {
  let response: Response;
  try {
    response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch {
    throw new DocumentRequestError('NETWORK', 'network');
  }
  if (response.status !== 201) throw await refusal(response);
  return (await response.json()) as UploadedDocument;
}

/** Fetches a document and hands it to the browser as a download under its own name. */
export async function downloadDocument(documentId: string, name: string, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/documents/${encodeURIComponent(documentId)}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new DocumentRequestError('NETWORK', 'network');
  }
  if (!response.ok) throw await refusal(response);
  saveBlob(name, await response.blob());
}

/** SHA-256 fingerprint (hex, colon-free, lower case) of the DER inside a PEM certificate. */
export async function pemFingerprint(pem: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  try {
    const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const digest = await crypto.subtle.digest('SHA-256', der);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

/** "8800000.5" → "8,800,000.50" (string arithmetic: amounts may exceed double precision). */
export function formatYuan(amount: string | null | undefined): string {
  if (!amount) return '—';
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return amount;
  const whole = match[1].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** Bytes → "12.3 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
