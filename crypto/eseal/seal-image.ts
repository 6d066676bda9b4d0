/** The seal picture inside a seal record: building it from bytes and checking it against its hash and type. */
import { bytesEqual, fromBase64, fromHex, fromUtf8, toBase64, toHex } from '../bytes';
import { sha256 } from '../hash';
import { MAX_SEAL_IMAGE_BYTES, SealImage, SealImageType } from './seal-record';

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SVG_START = /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>]/;

function looksLike(mediaType: SealImageType, bytes: Uint8Array): boolean {
  if (mediaType === 'image/png') return bytes.length > PNG_SIGNATURE.length && bytesEqual(bytes.subarray(0, PNG_SIGNATURE.length), PNG_SIGNATURE);
  try {
    return SVG_START.test(fromUtf8(bytes));
  } catch {
    return false; // not UTF-8
  }
}

export async function sealImage(mediaType: SealImageType, bytes: Uint8Array): Promise<SealImage> {
  if (bytes.length === 0 || bytes.length > MAX_SEAL_IMAGE_BYTES) throw new RangeError(`a seal image must have 1–${MAX_SEAL_IMAGE_BYTES} bytes`);
  if (!looksLike(mediaType, bytes)) throw new TypeError(`the image bytes are not ${mediaType}`);
  return { mediaType, sha256: toHex(await sha256(bytes)), base64: toBase64(bytes) };
}

/** Whether the image bytes hash to image.sha256 and are of the stated media type; a reason if not. */
export async function sealImageProblem(image: SealImage): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(image.base64);
  } catch (e) {
    return `the seal image is not valid base64 (${(e as Error).message})`;
  }
  if (!bytesEqual(await sha256(bytes), fromHex(image.sha256))) return 'the seal image does not match its SHA-256 in the seal record';
  if (!looksLike(image.mediaType, bytes)) return `the seal image is not ${image.mediaType}`;
  return undefined;
}
