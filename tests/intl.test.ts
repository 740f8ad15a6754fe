import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from '../src/site/intl.ts';
import { instantToEpoch } from '../src/core/time/zone.ts';

describe('cached Intl formatters', () => {
  it('hands back the same formatter for the same locale and options', () => {
    const a = dateTimeFormat('ko-KR', { year: 'numeric', timeZone: 'Asia/Seoul' });
    expect(dateTimeFormat('ko-KR', { year: 'numeric', timeZone: 'Asia/Seoul' })).toBe(a);
    expect(dateTimeFormat('ko-KR', { year: 'numeric', timeZone: 'UTC' })).not.toBe(a);
    expect(numberFormat('en-US').format(1234)).toBe('1,234');
  });
  it('keeps instantToEpoch answers per zone when memoised', () => {
    const seoul = instantToEpoch('2019-02-15T16:01', 'Asia/Seoul');
    const utc = instantToEpoch('2019-02-15T16:01', 'UTC');
    expect(utc! - seoul!).toBe(9 * 3_600_000);
    expect(instantToEpoch('2019-02-15T16:01', 'Asia/Seoul')).toBe(seoul);
    expect(instantToEpoch('not a time', 'UTC')).toBeUndefined();
  });
});
