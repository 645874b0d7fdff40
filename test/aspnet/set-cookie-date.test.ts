// formatHttpDate writes .NET's "r" format itself (V8's first toUTCString costs ~0.9 ms of a
// start): it must be toUTCString's text for every date, and V8's own outside 1000-9999.
import fc from 'fast-check';
import { formatHttpDate, UNIX_EPOCH } from '../../src/aspnet/set-cookie.js';

test("the epoch, as every deletion cookie's expires", () => {
  expect(formatHttpDate(UNIX_EPOCH)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
});

test('toUTCString for any date, leap days and year ends included', () => {
  const dates = fc.oneof(
    fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)), noInvalidDate: true }),
    fc.constantFrom(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)), new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), new Date(Date.UTC(2000, 0, 1))),
  );
  fc.assert(fc.property(dates, (date) => formatHttpDate(date) === date.toUTCString()), { numRuns: 5000 });
});

test("V8's text outside the years .NET writes, and for an invalid date", () => {
  for (const date of [new Date(Date.UTC(999, 0, 1)), new Date(Date.UTC(10000, 0, 1)), new Date(-8.64e15), new Date(Number.NaN)]) {
    expect(formatHttpDate(date)).toBe(date.toUTCString());
  }
});
