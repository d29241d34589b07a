import { describe, expect, it } from 'vitest';
import { trailingNumber } from '../../server/grids/codes.ts';

describe('trailingNumber', () => {
  it('reads the grid number after its community code, not the whole digit string', () => {
    expect(trailingNumber('220502001000002020', '220502001000002')).toBe(20);
    expect(trailingNumber('220502P01B05')).toBe(5);
  });
  it('is null when the code ends without digits', () => {
    expect(trailingNumber('220502001000002003J')).toBeNull();
  });
});
