import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dammCheckDigit,
  findKassenzeichen,
  formatKassenzeichen,
  isValidKassenzeichen,
  normalizeKassenzeichen,
  parseKassenzeichen,
  type KassenzeichenScheme,
} from './kassenzeichen.ts';
import { germanIban } from '../../../test/support/camt053.ts';

const scheme: KassenzeichenScheme = { prefix: '51' };
const KZ = '51.2026.000123.6';

const schemes = fc.record(
  {
    prefix: fc.array(fc.stringMatching(/^\d{1,3}$/), { minLength: 1, maxLength: 2 }).map((groups) => groups.join('.')),
    sequenceDigits: fc.integer({ min: 4, max: 9 }),
  },
  { requiredKeys: ['prefix'] },
);
const kassenzeichen = schemes.chain((s) =>
  fc.record({
    scheme: fc.constant(s),
    year: fc.integer({ min: 2000, max: 2099 }),
    sequence: fc.integer({ min: 0, max: 10 ** (s.sequenceDigits ?? 6) - 1 }),
  }),
);

test('formats prefix, year, zero-padded sequence and Damm check digit', () => {
  assert.equal(formatKassenzeichen(scheme, 2026, 123), KZ);
  assert.equal(formatKassenzeichen(scheme, 2026, 4711), '51.2026.004711.0');
  assert.equal(formatKassenzeichen({ prefix: '5.100' }, 2026, 123), '5.100.2026.000123.1');
  assert.equal(formatKassenzeichen({ prefix: '51', sequenceDigits: 8 }, 2027, 1), `51.2027.00000001.${dammCheckDigit('51202700000001')}`);
});

test('out-of-range input and broken schemes fail fast', () => {
  assert.throws(() => formatKassenzeichen(scheme, 1999, 1), RangeError);
  assert.throws(() => formatKassenzeichen(scheme, 2100, 1), RangeError);
  assert.throws(() => formatKassenzeichen(scheme, 2026, 1_000_000), RangeError);
  assert.throws(() => formatKassenzeichen(scheme, 2026, -1), RangeError);
  assert.throws(() => formatKassenzeichen(scheme, 2026, 1.5), RangeError);
  assert.throws(() => formatKassenzeichen({ prefix: 'KZ' }, 2026, 1), RangeError);
  assert.throws(() => formatKassenzeichen({ prefix: '5..1' }, 2026, 1), RangeError);
  assert.throws(() => formatKassenzeichen({ prefix: '123456789' }, 2026, 1), RangeError);
  assert.throws(() => formatKassenzeichen({ prefix: '51', sequenceDigits: 3 }, 2026, 1), RangeError);
  assert.throws(() => dammCheckDigit('12a'), RangeError);
});

test('the Damm check digit matches the published example', () => {
  // Damm (2004) / Wikipedia: 572 → 4, and 5724 checks to 0.
  assert.equal(dammCheckDigit('572'), 4);
  assert.equal(dammCheckDigit('5724'), 0);
});

test('Damm detects every single-digit error, check digit included', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{1,20}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
      const full = `${body}${dammCheckDigit(body)}`;
      const position = at % full.length;
      const wrong = (Number(full[position]) + shift) % 10;
      const typo = `${full.slice(0, position)}${wrong}${full.slice(position + 1)}`;
      assert.notEqual(dammCheckDigit(typo), 0);
    }),
    { numRuns: 3000 },
  );
});

test('Damm detects every swap of two different adjacent digits, check digit included', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{1,20}$/), fc.nat(), (body, at) => {
      const full = `${body}${dammCheckDigit(body)}`;
      const position = at % (full.length - 1);
      fc.pre(full[position] !== full[position + 1]);
      const swapped = `${full.slice(0, position)}${full[position + 1]}${full[position]}${full.slice(position + 2)}`;
      assert.notEqual(dammCheckDigit(swapped), 0);
    }),
    { numRuns: 3000 },
  );
});

test('every typo and transposition of a formatted Kassenzeichen is rejected', () => {
  const digits = normalizeKassenzeichen(KZ);
  for (let position = 0; position < digits.length; position++) {
    for (let shift = 1; shift <= 9; shift++) {
      const typo = `${digits.slice(0, position)}${(Number(digits[position]) + shift) % 10}${digits.slice(position + 1)}`;
      assert.equal(isValidKassenzeichen(scheme, typo), false, typo);
    }
    if (position + 1 < digits.length && digits[position] !== digits[position + 1]) {
      const swapped = `${digits.slice(0, position)}${digits[position + 1]}${digits[position]}${digits.slice(position + 2)}`;
      assert.equal(isValidKassenzeichen(scheme, swapped), false, swapped);
    }
  }
});

test('format → parse round-trips for every scheme, year and sequence', () => {
  fc.assert(
    fc.property(kassenzeichen, ({ scheme: s, year, sequence }) => {
      const value = formatKassenzeichen(s, year, sequence);
      assert.deepEqual(parseKassenzeichen(s, value), { kassenzeichen: value, year, sequence });
      const digits = normalizeKassenzeichen(value);
      assert.match(digits, /^\d+$/);
      assert.equal(parseKassenzeichen(s, digits)?.kassenzeichen, value);
      assert.equal(parseKassenzeichen(s, value.replaceAll('.', ' '))?.kassenzeichen, value);
      assert.equal(parseKassenzeichen(s, value.replaceAll('.', '-'))?.kassenzeichen, value);
    }),
  );
});

test('normalize strips spaces, dots and dashes of every kind', () => {
  assert.equal(normalizeKassenzeichen(' 51.2026 -000123\u00a06\t'), '5120260001236');
  assert.equal(normalizeKassenzeichen('51\u20132026\u2014000123\u20106'), '5120260001236');
  assert.equal(normalizeKassenzeichen('KZ 51'), 'KZ51');
});

test('validation rejects other prefixes, lengths, years and garbage', () => {
  assert.equal(isValidKassenzeichen(scheme, KZ), true);
  assert.equal(isValidKassenzeichen(scheme, '51 2026 000123 6'), true);
  assert.equal(isValidKassenzeichen({ prefix: '52' }, KZ), false);
  assert.equal(isValidKassenzeichen({ prefix: '51', sequenceDigits: 7 }, KZ), false);
  // Right check digit, but years outside 2000–2099.
  for (const digits of ['511999000123', '512100000123']) assert.equal(isValidKassenzeichen(scheme, `${digits}${dammCheckDigit(digits)}`), false);
  for (const garbage of ['', '51', 'KZ 51.2026.000123.6', '51.2026.000123.6.0', '5120260001236x', '<script>']) {
    assert.equal(isValidKassenzeichen(scheme, garbage), false, garbage);
  }
});

test('finds a Kassenzeichen however the citizen or the bank wrote it', () => {
  const written = [
    `Kassenzeichen: ${KZ}`,
    'KZ 51 2026 000123 6 Meldebescheinigung',
    'kz5120260001236',
    'KASSENZEICHEN51-2026-000123-6',
    'Kassenz. 512026000123 6, Erika Mustermann',
    'Gebuehr Kassenzeichen 51.2026.00\n0123.6 Mustermann',
    'Meldebescheinigung KZ 512026\n0001236',
    'Rechnung 4711 vom 01.03.2026 51.2026.000123.6 vom 02.03.2026 35,00 EUR',
    'Kassenzeichen 51 2026 000123 6 und nochmals 5120260001236',
    `(${KZ})`,
    `"${KZ}".`,
  ];
  for (const text of written) assert.deepEqual(findKassenzeichen(scheme, text), [KZ], text);
});

test('finds several different Kassenzeichen in order of appearance', () => {
  const other = formatKassenzeichen(scheme, 2025, 9);
  assert.deepEqual(findKassenzeichen(scheme, `KZ ${other} und KZ ${KZ}`), [other, KZ]);
});

test('ignores numbers whose check digit, prefix or year is wrong', () => {
  for (const text of [
    'KZ 51.2026.000123.7',
    'KZ 51.2026.000132.6',
    'KZ 52.2026.000123.6',
    'KZ 51.2026.0001234.6',
    'KZ 51.2026.00123.6',
    'KZ 151.2026.000123.6',
  ]) {
    assert.deepEqual(findKassenzeichen(scheme, text), [], text);
  }
});

test('IBANs, dates and amounts in the Verwendungszweck produce no match', () => {
  const texts = [
    'IBAN DE89 3704 0044 0532 0130 00 Zahlung vom 02.03.2026 ueber 1.234,56 EUR',
    'DE89370400440532013000',
    'Ueberweisung 2026-03-02 Betrag 35.00 EUR Rechnung 2026/0815',
    'SVWZ+Gebuehren 2026 EREF+NOTPROVIDED KREF+51 2026',
  ];
  for (const text of texts) assert.deepEqual(findKassenzeichen(scheme, text), [], text);
  assert.deepEqual(findKassenzeichen(scheme, `IBAN DE89 3704 0044 0532 0130 00 KZ ${KZ} 35,00 EUR`), [KZ]);
});

test('an IBAN whose digit groups would form a valid Kassenzeichen is not mistaken for one', () => {
  // With 5 sequence digits a Kassenzeichen has 12 digits: three of an IBAN's groups of four.
  const shortScheme: KassenzeichenScheme = { prefix: '12', sequenceDigits: 5 };
  const value = formatKassenzeichen(shortScheme, 2026, 12);
  const digits = normalizeKassenzeichen(value);
  const iban = germanIban(digits.slice(0, 8), `${digits.slice(8)}555555`);
  const grouped = iban.replace(/(.{4})/g, '$1 ').trim();
  assert.deepEqual(findKassenzeichen(shortScheme, digits.replace(/(\d{4})/g, '$1 ')), [value]);
  assert.deepEqual(findKassenzeichen(shortScheme, `IBAN ${grouped}`), []);
  assert.deepEqual(findKassenzeichen(shortScheme, `IBAN: ${iban.toLowerCase()}`), []);
  assert.deepEqual(findKassenzeichen(shortScheme, `IBAN ${grouped} KZ ${value}`), [value]);
});

const separator = fc.constantFrom('', ' ', '.', '-', '\n', '  ', ' . ');
const label = fc.constantFrom('', 'KZ ', 'kz:', 'Kassenzeichen: ', 'KASSENZEICHEN ', 'Kassenz.', 'Ihr Zeichen ');
const word = fc.stringMatching(/^[A-Za-zÄÖÜäöüß]{1,12}$/);
const words = fc.array(word, { maxLength: 6 }).map((list) => list.join(' '));
const noise = fc.oneof(
  words,
  fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2100 })).map(
    ([d, m, y]) => `vom ${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`,
  ),
  fc.tuple(fc.nat(99_999), fc.nat(99)).map(([euro, cent]) => `Betrag ${euro.toLocaleString('de-DE')},${String(cent).padStart(2, '0')} EUR`),
  fc.tuple(fc.stringMatching(/^\d{8}$/), fc.stringMatching(/^\d{10}$/), fc.boolean()).map(([bank, account, grouped]) => {
    const iban = germanIban(bank, account);
    return `IBAN ${grouped ? iban.replace(/(.{4})/g, '$1 ').trim() : iban}`;
  }),
);

/** The digits of a Kassenzeichen of `scheme`, its four parts joined by the given separators. */
function written(value: string, separators: string[]): string {
  const groups = normalizeKassenzeichen(value).match(/^(\d{2})(\d{4})(\d{6})(\d)$/)!.slice(1);
  return groups.reduce((text, group, index) => `${text}${index === 0 ? '' : separators[index - 1]}${group}`, '');
}

test('property: every formatted Kassenzeichen is found however separated and surrounded', () => {
  fc.assert(
    fc.property(
      fc.record({ year: fc.integer({ min: 2000, max: 2099 }), sequence: fc.nat(999_999) }),
      fc.array(separator, { minLength: 3, maxLength: 3 }),
      label,
      noise,
      noise,
      ({ year, sequence }, separators, prefixLabel, before, after) => {
        const value = formatKassenzeichen(scheme, year, sequence);
        const text = `${before} ${prefixLabel}${written(value, separators)} ${after}`;
        assert.deepEqual(findKassenzeichen(scheme, text), [value], text);
      },
    ),
    { numRuns: 1000 },
  );
});

test('property: noise alone (words, dates, amounts, IBANs) yields nothing', () => {
  fc.assert(
    fc.property(fc.array(noise, { maxLength: 8 }), (parts) => {
      assert.deepEqual(findKassenzeichen(scheme, parts.join(' ')), []);
    }),
    { numRuns: 1000 },
  );
});

test('property: a Kassenzeichen with one mistyped digit is not found', () => {
  fc.assert(
    fc.property(
      fc.record({ year: fc.integer({ min: 2000, max: 2099 }), sequence: fc.nat(999_999) }),
      fc.nat(12),
      fc.integer({ min: 1, max: 9 }),
      fc.array(separator, { minLength: 3, maxLength: 3 }),
      ({ year, sequence }, position, shift, separators) => {
        const digits = normalizeKassenzeichen(formatKassenzeichen(scheme, year, sequence));
        const typo = `${digits.slice(0, position)}${(Number(digits[position]) + shift) % 10}${digits.slice(position + 1)}`;
        assert.deepEqual(findKassenzeichen(scheme, `Kassenzeichen ${written(typo, separators)} Danke`), []);
      },
    ),
    { numRuns: 1000 },
  );
});
