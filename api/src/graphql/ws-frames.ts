/**
 * A text message written to a `ws` WebSocket as one pre-built frame. `ws` frames every message itself
 * (a header buffer, then the data: cork, two writes, uncork — a writev per message); when one event
 * goes to thousands of sockets that bookkeeping costs more than the message. Here the frame is built
 * as RFC 6455 §5.2 defines it for a server (final, unmasked, opcode 1 = text) in one buffer and
 * written with one `write` to the TCP socket underneath.
 *
 * Only while `ws` itself has nothing waiting (no message being compressed, no queued frame) — else,
 * or for anything that is not a `ws` socket, the message goes through `ws`'s own `send`, so frames
 * never interleave or reorder. An uncompressed message is valid under permessage-deflate too (RSV1
 * clear, RFC 7692 §6), which the server does not negotiate anyway.
 */
import type { Socket } from 'node:net';

/** What this module reads of a `ws` WebSocket's internals (ws 8). */
interface WsInternals {
  readyState: number;
  _socket?: Socket | null;
  _sender?: { _state?: number; _queue?: unknown[] } | null;
}

const OPEN = 1;
const FIN_TEXT = 0x81;

/** The frame of one unmasked final text message whose payload is `parts` one after the other. */
export function textFrame(parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = FIN_TEXT;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let at = header;
  for (const part of parts) at += part.copy(frame, at);
  return frame;
}

/**
 * Write `parts` as one text message: straight to the TCP socket when `ws` has nothing queued (true),
 * else nothing is written (false: send it through `ws`).
 */
export function writeTextFrame(socket: unknown, parts: readonly Buffer[]): boolean {
  const ws = socket as WsInternals;
  const tcp = ws._socket;
  const sender = ws._sender;
  if (ws.readyState !== OPEN || !tcp || !sender || !Array.isArray(sender._queue)) return false;
  if (sender._state !== 0 || sender._queue.length) return false; // ws is compressing or holds frames: they go first
  if (tcp.destroyed || !tcp.writable) return false;
  tcp.write(textFrame(parts));
  return true;
}
