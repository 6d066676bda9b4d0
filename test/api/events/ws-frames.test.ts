/**
 * Frames written straight to a `ws` socket (api/src/graphql/ws-frames): a real `ws` client receives
 * each as the text message it is, at every length class of the RFC 6455 header (7-bit, 16-bit,
 * 64-bit), in order with what `ws` itself sends; while `ws` holds a frame back nothing is written.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame, writeTextFrame } from '../../../api/src/graphql/ws-frames';

let server: WebSocketServer;
let serverSide: WebSocket;
let client: WebSocket;
const received: string[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  client.on('message', (data, isBinary) => received.push(isBinary ? `binary:${String(data)}` : String(data)));
  await new Promise<void>((resolve, reject) => client.once('open', () => resolve()).once('error', reject));
  serverSide = await accepted;
});

afterAll(async () => {
  client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const until = async (n: number) => {
  for (let i = 0; i < 500 && received.length < n; i++) await new Promise((r) => setTimeout(r, 10));
};

test('the header holds the length in 7, 16 or 64 bits', () => {
  expect([...textFrame([Buffer.from('hi')])]).toEqual([0x81, 2, 0x68, 0x69]);
  expect(textFrame([Buffer.alloc(125)]).subarray(0, 2)).toEqual(Buffer.from([0x81, 125]));
  expect(textFrame([Buffer.alloc(126)]).subarray(0, 4)).toEqual(Buffer.from([0x81, 126, 0, 126]));
  expect(textFrame([Buffer.alloc(65_535)]).subarray(0, 4)).toEqual(Buffer.from([0x81, 126, 0xff, 0xff]));
  expect(textFrame([Buffer.alloc(65_536)]).subarray(0, 10)).toEqual(Buffer.from([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]));
  expect(textFrame([Buffer.from('ab'), Buffer.from('c'), Buffer.from('')]).subarray(2).toString()).toBe('abc');
});

test('a real ws client receives every length class as text, in order with what ws sends', async () => {
  received.length = 0;
  const texts = ['短', 'x'.repeat(125), '标'.repeat(42) + 'y', 'z'.repeat(65_535), '开'.repeat(30_000)];
  serverSide.send('first, through ws');
  for (const text of texts) expect(writeTextFrame(serverSide, [Buffer.from(text.slice(0, 1)), Buffer.from(text.slice(1))])).toBe(true);
  serverSide.send('last, through ws');
  await until(texts.length + 2);
  expect(received).toEqual(['first, through ws', ...texts, 'last, through ws']);
});

test('nothing is written while ws holds frames back, nor to a socket that is not open', async () => {
  const sender = (serverSide as unknown as { _sender: { _queue: unknown[] } })._sender;
  sender._queue.push(['held']);
  try {
    expect(writeTextFrame(serverSide, [Buffer.from('not now')])).toBe(false);
  } finally {
    sender._queue.pop();
  }
  expect(writeTextFrame({ readyState: 1, send: () => undefined }, [Buffer.from('not a ws socket')])).toBe(false);
  received.length = 0;
  client.close();
  await new Promise((r) => client.once('close', r));
  expect(writeTextFrame(serverSide, [Buffer.from('closed')])).toBe(false);
});
