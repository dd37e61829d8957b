import { describe, expect, it } from 'vitest';
import { normalizedReturnNumber } from './returnNumber';

describe('normalizedReturnNumber', () => {
  it('accepts the number with or without its prefix and zeros', () => {
    expect(normalizedReturnNumber('42')).toBe('RMA-000042');
    expect(normalizedReturnNumber(' rma-42 ')).toBe('RMA-000042');
    expect(normalizedReturnNumber('RMA-000042')).toBe('RMA-000042');
    expect(normalizedReturnNumber('rma000123')).toBe('RMA-000123');
  });

  it('passes other text on as typed', () => {
    expect(normalizedReturnNumber('T-000001')).toBe('T-000001');
    expect(normalizedReturnNumber('')).toBe('');
  });
});
