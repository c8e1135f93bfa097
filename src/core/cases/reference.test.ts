import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateReference, normaliseReference, REFERENCE_ALPHABET } from './reference.ts';

test('generated references have the documented shape and validate', () => {
  for (let i = 0; i < 200; i++) {
    const ref = generateReference('KF');
    assert.match(ref, /^KF-[A-HJ-NP-Y2-9]{5}-[A-HJ-NP-Y2-9]$/);
    assert.equal(normaliseReference(ref), ref);
    assert.equal(normaliseReference(ref.toLowerCase().replace(/-/g, ' ')), ref);
  }
});

test('every single-character error is detected', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: REFERENCE_ALPHABET.length - 1 }), (pos, shift) => {
      const ref = generateReference('KF');
      const chars = ref.replace(/-/g, '').slice(2).split('');
      const index = REFERENCE_ALPHABET.indexOf(chars[pos] as string);
      chars[pos] = REFERENCE_ALPHABET.charAt((index + shift) % REFERENCE_ALPHABET.length);
      const broken = `KF-${chars.slice(0, 5).join('')}-${chars[5]}`;
      assert.equal(normaliseReference(broken), null);
    }),
  );
});

test('swapping two different neighbours is detected, check character included', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4 }), (pos) => {
      const ref = generateReference('KF');
      const chars = ref.slice(3).replace('-', '').split('');
      fc.pre(chars[pos] !== chars[pos + 1]);
      [chars[pos], chars[pos + 1]] = [chars[pos + 1] as string, chars[pos] as string];
      assert.equal(normaliseReference(`KF-${chars.slice(0, 5).join('')}-${chars[5]}`), null);
    }),
    { numRuns: 2000 },
  );
});

test('garbage is rejected', () => {
  for (const input of ['', 'KF', 'KF-12345-6', 'X-ABCDE-F', '<script>', 'KF-ABCDE-FG']) assert.equal(normaliseReference(input), null);
});
