import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { afterRefund, applyReport } from './state.ts';
import { PAYMENT_STATUSES, type PaymentStatus } from './schema.ts';
import type { ProviderStatus } from './provider.ts';

const REPORTS: ProviderStatus[] = ['pending', 'paid', 'failed', 'cancelled', 'expired'];

test('the happy path and the failure paths', () => {
  assert.deepEqual(applyReport('initial', 'pending'), { change: true, to: 'pending' });
  assert.deepEqual(applyReport('pending', 'paid'), { change: true, to: 'paid' });
  assert.deepEqual(applyReport('pending', 'failed'), { change: true, to: 'failed' });
  assert.deepEqual(applyReport('pending', 'cancelled'), { change: true, to: 'cancelled' });
  assert.deepEqual(applyReport('initial', 'expired'), { change: true, to: 'expired' });
});

test('"failed" is not final: a later success counts', () => {
  for (const negative of ['failed', 'cancelled', 'expired'] as const) assert.deepEqual(applyReport(negative, 'paid'), { change: true, to: 'paid' });
});

test('nothing moves a settled payment except a refund; stale and repeated reports change nothing', () => {
  for (const settled of ['paid', 'refunded', 'partially_refunded'] as const) for (const r of REPORTS) assert.equal(applyReport(settled, r).change, false, `${settled} + ${r}`);
  assert.deepEqual(applyReport('failed', 'pending'), { change: false, reason: 'stale' });
  assert.deepEqual(applyReport('failed', 'cancelled'), { change: false, reason: 'stale' });
  assert.deepEqual(applyReport('pending', 'pending'), { change: false, reason: 'same' });
});

test('property: any order of reports ends in paid iff "paid" was among them, and replaying changes nothing', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...REPORTS), { maxLength: 12 }), (reports) => {
      let status: PaymentStatus = 'initial';
      for (const r of reports) {
        const t = applyReport(status, r);
        if (t.change) status = t.to;
      }
      assert.equal(status === 'paid', reports.includes('paid'));
      for (const r of reports) assert.equal(applyReport(status, r).change && status === 'paid', false);
      assert.ok(PAYMENT_STATUSES.includes(status));
    }),
  );
});

test('refunds: full, partial, never more than received', () => {
  assert.deepEqual(afterRefund(2400, 0, 2400), { ok: true, status: 'refunded', refundedCents: 2400 });
  assert.deepEqual(afterRefund(2400, 0, 1000), { ok: true, status: 'partially_refunded', refundedCents: 1000 });
  assert.deepEqual(afterRefund(2400, 1000, 1400), { ok: true, status: 'refunded', refundedCents: 2400 });
  assert.deepEqual(afterRefund(2400, 1000, 1401), { ok: false, reason: 'too-much' });
  assert.deepEqual(afterRefund(2400, 0, 0), { ok: false, reason: 'not-positive' });
  assert.deepEqual(afterRefund(2400, 0, 1.5), { ok: false, reason: 'not-positive' });
});
