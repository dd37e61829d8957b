import { describe, expect, it } from 'vitest';
import { returnSteps } from './steps';

const asked = { createdAt: '2026-12-01T10:00:00Z' };

describe('returnSteps', () => {
  it('shows a new request first and every later step still ahead', () => {
    const steps = returnSteps({ ...asked, status: 'REQUESTED' });
    expect(steps.map((s) => [s.key, s.at])).toEqual([
      ['requested', asked.createdAt],
      ['approved', null],
      ['received', null],
      ['inspected', null],
      ['resolved', null],
      ['closed', null],
    ]);
  });

  it('dates each step reached', () => {
    const steps = returnSteps({
      ...asked,
      status: 'RECEIVED',
      approvedAt: '2026-12-02T10:00:00Z',
      receivedAt: '2026-12-05T10:00:00Z',
    });
    expect(steps.filter((s) => s.at).map((s) => s.key)).toEqual([
      'requested',
      'approved',
      'received',
    ]);
    expect(steps).toHaveLength(6);
  });

  it('ends a declined return at the refusal', () => {
    const steps = returnSteps({ ...asked, status: 'DECLINED', declinedAt: '2026-12-02T10:00:00Z' });
    expect(steps.map((s) => [s.key, s.ending])).toEqual([
      ['requested', false],
      ['declined', true],
    ]);
  });

  it('ends a cancelled return after what it reached', () => {
    const steps = returnSteps({
      ...asked,
      status: 'CANCELLED',
      approvedAt: '2026-12-02T10:00:00Z',
      cancelledAt: '2026-12-03T10:00:00Z',
    });
    expect(steps.map((s) => s.key)).toEqual(['requested', 'approved', 'cancelled']);
  });
});
