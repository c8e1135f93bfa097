import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notoSans, woffToSfnt } from './fonts.ts';

/** The OpenType table checksum; `head` is summed with its checkSumAdjustment field zeroed. */
function tableChecksum(tag: string, data: Buffer): number {
  const bytes = Buffer.alloc((data.length + 3) & ~3);
  data.copy(bytes);
  if (tag === 'head') bytes.writeUInt32BE(0, 8);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4) sum = (sum + bytes.readUInt32BE(i)) >>> 0;
  return sum;
}

for (const weight of ['regular', 'bold'] as const) {
  test(`Noto Sans ${weight} unpacks to TrueType whose tables match their checksums`, () => {
    const font = notoSans(weight);
    assert.equal(font.readUInt32BE(0), 0x00010000);
    const numTables = font.readUInt16BE(4);
    const tags: string[] = [];
    for (let i = 0; i < numTables; i++) {
      const record = 12 + i * 16;
      const tag = font.toString('latin1', record, record + 4);
      const offset = font.readUInt32BE(record + 8);
      const data = font.subarray(offset, offset + font.readUInt32BE(record + 12));
      assert.equal(offset % 4, 0);
      assert.equal(tableChecksum(tag, data), font.readUInt32BE(record + 4), tag);
      tags.push(tag);
    }
    for (const required of ['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name', 'post']) assert.ok(tags.includes(required), required);
    assert.deepEqual(tags, [...tags].sort());
    assert.equal(notoSans(weight), font, 'unpacked once per process');
  });
}

test('anything but WOFF 1.0 is refused', () => {
  assert.throws(() => woffToSfnt(Buffer.from('wOF2 not supported')), /not a WOFF 1.0 file/);
});
