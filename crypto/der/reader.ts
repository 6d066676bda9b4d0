/**
 * Strict DER reader (X.690 §10): definite lengths only, minimal length encoding, no trailing data,
 * a maximum nesting depth and maximum total/element sizes. Returns a tree of views into the input
 * (no copies), so a large OCTET STRING costs nothing extra.
 */

export class DerError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`DER: ${message} at offset ${offset}`);
    this.name = 'DerError';
  }
}

export interface DerLimits {
  /** Maximum input size in bytes. */
  maxBytes: number;
  /** Maximum nesting depth of constructed elements. */
  maxDepth: number;
  /** Maximum number of elements in the whole tree. */
  maxElements: number;
}

export const DEFAULT_DER_LIMITS: DerLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 32, maxElements: 100_000 };

export type TagClass = 'universal' | 'application' | 'context' | 'private';
const CLASSES: TagClass[] = ['universal', 'application', 'context', 'private'];

export interface DerNode {
  tagClass: TagClass;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the identifier octet within the top-level input. */
  offset: number;
  headerLength: number;
  /** Whole TLV (identifier, length and contents). */
  der: Uint8Array;
  /** Contents octets only. */
  value: Uint8Array;
  /** Children of a constructed element (empty for primitive ones). */
  children: DerNode[];
}

interface Header { tagClass: TagClass; constructed: boolean; tagNumber: number; headerLength: number; length: number }

/** Reads identifier and length octets at `pos` of `buf`. `base` is `buf`'s offset in the whole input. */
export function readHeader(buf: Uint8Array, pos: number, base = 0): Header {
  const at = (i: number): number => {
    if (i >= buf.length) throw new DerError('truncated header', base + i);
    return buf[i];
  };
  let i = pos;
  const id = at(i++);
  const tagClass = CLASSES[id >> 6];
  const constructed = (id & 0x20) !== 0;
  let tagNumber = id & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    let count = 0;
    do {
      b = at(i++);
      if (count === 0 && b === 0x80) throw new DerError('non-minimal tag number', base + i - 1);
      if (++count > 3) throw new DerError('tag number too large', base + i - 1);
      tagNumber = tagNumber * 128 + (b & 0x7f);
    } while (b & 0x80);
    if (tagNumber < 0x1f) throw new DerError('high-tag-number form for a low tag', base + pos);
  }
  const first = at(i++);
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    throw new DerError('indefinite length', base + i - 1);
  } else {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('length too large', base + i - 1);
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + at(i++);
    if (at(i - n) === 0) throw new DerError('non-minimal length (leading zero)', base + i - n);
    if (length < 0x80) throw new DerError('non-minimal length (long form for short length)', base + i - n - 1);
  }
  return { tagClass, constructed, tagNumber, headerLength: i - pos, length };
}

/** Parses exactly one DER element filling all of `input`. */
export function readDer(input: Uint8Array, limits: Partial<DerLimits> = {}): DerNode {
  const lim = { ...DEFAULT_DER_LIMITS, ...limits };
  if (input.length > lim.maxBytes) throw new DerError(`input of ${input.length} bytes exceeds ${lim.maxBytes}`, 0);
  let elements = 0;

  function parse(start: number, end: number, depth: number): DerNode {
    if (depth > lim.maxDepth) throw new DerError('nesting too deep', start);
    if (++elements > lim.maxElements) throw new DerError('too many elements', start);
    const h = readHeader(input.subarray(0, end), start);
    const valueStart = start + h.headerLength;
    const valueEnd = valueStart + h.length;
    if (valueEnd > end) throw new DerError('length exceeds enclosing data', start);
    const node: DerNode = {
      tagClass: h.tagClass,
      constructed: h.constructed,
      tagNumber: h.tagNumber,
      offset: start,
      headerLength: h.headerLength,
      der: input.subarray(start, valueEnd),
      value: input.subarray(valueStart, valueEnd),
      children: [],
    };
    if (h.constructed) {
      let pos = valueStart;
      while (pos < valueEnd) {
        const child = parse(pos, valueEnd, depth + 1);
        node.children.push(child);
        pos += child.der.length;
      }
    }
    return node;
  }

  if (input.length === 0) throw new DerError('empty input', 0);
  const root = parse(0, input.length, 0);
  if (root.der.length !== input.length) throw new DerError('trailing data', root.der.length);
  return root;
}
