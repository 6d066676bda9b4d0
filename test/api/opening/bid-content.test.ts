/** Reading an opened bid: bid.json's price must match the priceCommitment the bidder signed. */
import { randomBytes } from 'node:crypto';
import { priceCommitment } from '../../../crypto/sbp';
import { readBidContent } from '../../../api/src/modules/opening/bid-content';
import { offer } from '../../support/opening';

test('the form is read back with its files; the committed price matches', async () => {
  const { content, priceCommitment: commitment } = await offer('p', 'l', '1234.56', 'x'.repeat(2000));
  const read = await readBidContent(content, commitment);
  expect(read).toMatchObject({ ok: true, form: { totalPrice: '1234.56', durationDays: 30, qualityCommitment: '合格', files: [{ name: '技术方案.txt', size: 2000 }] } });
});

test('a price other than the committed one is the bidder\'s own fault', async () => {
  const { content } = await offer('p', 'l', '1234.56');
  const other = await priceCommitment('1234.57', randomBytes(32));
  expect(await readBidContent(content, other)).toMatchObject({ ok: false, code: 'PRICE_COMMITMENT_MISMATCH' });
});

test('content without bid.json opens without a form, unless a price was committed', async () => {
  const plain = new TextEncoder().encode('just a letter');
  expect(await readBidContent(plain)).toEqual({ ok: true, form: null });
  expect(await readBidContent(plain, await priceCommitment('1', randomBytes(32)))).toMatchObject({ ok: false, code: 'FORM_INVALID' });
});
