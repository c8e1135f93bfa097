import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, checkGermanIban, checkPlz, formatIban, houseNumberValid, ibanChecksumValid, isWeekday, maskIban, minusYears, parseDate, phoneValid, emailValid, todayInBerlin } from './checks.ts';

describe('IBAN', () => {
  it('accepts the textbook German IBAN with or without spaces, in any case', () => {
    for (const raw of ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', ' de89 3704-0044 0532 0130 00 ']) {
      assert.deepEqual(checkGermanIban(raw), { iban: 'DE89370400440532013000' });
    }
  });

  it('refuses a wrong check digit, a changed digit and swapped neighbours', () => {
    assert.equal(checkGermanIban('DE88 3704 0044 0532 0130 00').problem, 'checksum');
    assert.equal(checkGermanIban('DE89 3704 0044 0532 0130 01').problem, 'checksum');
    assert.equal(checkGermanIban('DE89 3704 0044 0523 0130 00').problem, 'checksum');
  });

  it('refuses the wrong length, letters in the BBAN and foreign IBANs (German IBANs only)', () => {
    assert.equal(checkGermanIban('DE89 3704 0044 0532 0130 0').problem, 'format');
    assert.equal(checkGermanIban('DE89 3704 0044 0532 0130 000').problem, 'format');
    assert.equal(checkGermanIban('DE89 3704 0044 0532 0130 0A').problem, 'format');
    assert.equal(checkGermanIban('GB82 WEST 1234 5698 7654 32').problem, 'format');
    assert.equal(checkGermanIban('').problem, 'format');
  });

  it('computes mod 97 for other countries too (the general check)', () => {
    assert.ok(ibanChecksumValid('GB82WEST12345698765432'));
    assert.ok(ibanChecksumValid('AT611904300234573201'));
    assert.ok(!ibanChecksumValid('AT611904300234573202'));
  });

  it('groups in fours and masks all but the last four for mails', () => {
    assert.equal(formatIban('DE89370400440532013000'), 'DE89 3704 0044 0532 0130 00');
    assert.equal(maskIban('DE89370400440532013000'), 'DE•• •••• •••• •••• ••30 00');
  });
});

describe('Postleitzahl', () => {
  it('accepts five digits of an assigned Leitregion', () => {
    for (const plz of ['32825', '59368', '01067', '99998', '21244', '79539']) assert.deepEqual(checkPlz(plz), { plz });
    assert.deepEqual(checkPlz(' 32 825 '), { plz: '32825' });
  });

  it('refuses other lengths, letters and unassigned regions', () => {
    for (const plz of ['3282', '328250', '3282a', 'abcde', '']) assert.equal(checkPlz(plz).problem, 'format', plz);
    for (const plz of ['00123', '05123', '43210', '62000']) assert.equal(checkPlz(plz).problem, 'unknown', plz);
  });
});

describe('house numbers, e-mail, phone', () => {
  it('accepts the usual house numbers', () => {
    for (const n of ['4', '4a', '4 a', '12-14', '12–14', '3/1', '7b-c', '120']) assert.ok(houseNumberValid(n), n);
    for (const n of ['a', 'Hinterhaus', '', '12345678']) assert.ok(!houseNumberValid(n), n);
  });

  it('checks e-mail addresses and phone numbers loosely but sensibly', () => {
    assert.ok(emailValid('erika.mustermann@example.org'));
    assert.ok(!emailValid('erika@localhost'));
    assert.ok(!emailValid('<script>@x.de'));
    assert.ok(phoneValid('05235 5040'));
    assert.ok(phoneValid('+49 (5235) 50-40'));
    assert.ok(!phoneValid('12345'));
    assert.ok(!phoneValid('call me'));
  });
});

describe('dates', () => {
  it('reads ISO and German input and refuses impossible dates', () => {
    assert.equal(parseDate('2026-03-27'), '2026-03-27');
    assert.equal(parseDate('27.3.2026'), '2026-03-27');
    assert.equal(parseDate('27.03.2026'), '2026-03-27');
    assert.equal(parseDate('29.02.2024'), '2024-02-29');
    assert.equal(parseDate('29.02.2025'), null);
    assert.equal(parseDate('31.04.2026'), null);
    assert.equal(parseDate('27.03.26'), null);
    assert.equal(parseDate('morgen'), null);
  });

  it('computes today in Europe/Berlin across midnight UTC and DST', () => {
    assert.equal(todayInBerlin(new Date('2026-03-28T23:30:00Z')), '2026-03-29');
    assert.equal(todayInBerlin(new Date('2026-10-24T22:30:00Z')), '2026-10-25');
    assert.equal(todayInBerlin(new Date('2026-06-30T21:59:00Z')), '2026-06-30');
  });

  it('adds days, subtracts years (29 February → 28 February) and knows weekdays', () => {
    assert.equal(addDays('2026-02-27', 2), '2026-03-01');
    assert.equal(minusYears('2024-02-29', 1), '2023-02-28');
    assert.ok(isWeekday('2026-03-27'));
    assert.ok(!isWeekday('2026-03-28'));
  });
});
