import { describe, expect, it } from 'vitest';
import { BinaryFormatter, DateTime, DateTimeKind, Decimal, JsonFormatter, deepClone } from '@weft/runtime';
import { thrown } from '../helpers';

describe('DateTime', () => {
  it('keeps ticks and kind from .NET dateData, including the ambiguous-DST local kind', () => {
    const ticks = 638448111301234567n;
    expect(DateTime.fromDateData((1n << 62n) | ticks)).toMatchObject({ ticks, kind: DateTimeKind.Utc, ambiguousDst: false });
    expect(DateTime.fromDateData(ticks).kind).toBe(DateTimeKind.Unspecified);
    const amb = DateTime.fromDateData((3n << 62n) | ticks);
    expect(amb.kind).toBe(DateTimeKind.Local);
    expect(amb.ambiguousDst).toBe(true);
    expect(amb.dateData).toBe((3n << 62n) | ticks);
    expect(new DateTime(ticks, DateTimeKind.Utc).dateData).toBe((1n << 62n) | ticks);
  });

  it('converts to and from Date, flooring before 1970, with all seven fractional digits in ISO form', () => {
    const d = new DateTime(638448111301234567n, DateTimeKind.Utc);
    expect(d.toDate().toISOString()).toBe('2024-02-29T13:45:30.123Z');
    expect(d.toISOString()).toBe('2024-02-29T13:45:30.1234567Z');
    expect(new DateTime(638448111301234567n).toISOString()).toBe('2024-02-29T13:45:30.1234567');
    // 1969-12-31T23:59:59.9999999: a tick before the epoch is in the millisecond before it
    expect(new DateTime(621355968000000000n - 1n, DateTimeKind.Utc).toDate().getTime()).toBe(-1);
    expect(DateTime.fromDate(new Date(Date.UTC(2000, 0, 1))).ticks).toBe(630822816000000000n);
    expect(new DateTime(0n).toISOString()).toBe('0001-01-01T00:00:00.0000000');
  });

  it('refuses ticks outside .NET range and unknown kinds', () => {
    expect(thrown(() => new DateTime(-1n)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new DateTime(3155378976000000000n)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new DateTime(0n, 3 as DateTimeKind)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => DateTime.fromDate(new Date(NaN))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('Decimal', () => {
  it('keeps exact digits, scale and sign as .NET prints them', () => {
    for (const text of ['1.10', '-0.0001', '79228162514264337593543950335', '-79228162514264337593543950335', '0', '0.0000000000000000000000000001']) {
      expect(Decimal.parse(text).toString()).toBe(text);
    }
    expect(Decimal.parse('1.10').equals(Decimal.parse('1.1'))).toBe(false);
    expect(Decimal.parse('-0.00').isNegative).toBe(true);
    expect(Decimal.parse('12.5').toNumber()).toBe(12.5);
  });

  it('builds from the four fields of a boxed System.Decimal', () => {
    // -1.23: mantissa 123, scale 2, sign bit
    expect(Decimal.fromBits((0x80000000 | (2 << 16)) | 0, 0, 123, 0).toString()).toBe('-1.23');
    // 2^64: lo 0, mid 0, hi 1
    expect(Decimal.fromBits(0, 1, 0, 0).toString()).toBe('18446744073709551616');
    expect(thrown(() => Decimal.fromBits(29 << 16, 0, 1, 0)).code).toBe('INVALID_VALUE');
    expect(thrown(() => Decimal.fromBits(1, 0, 1, 0)).code).toBe('INVALID_VALUE');
  });

  it('refuses what .NET would round or reject, rather than change the value', () => {
    for (const bad of ['1e5', '1,000', ' 1', '+1', '1.', '.5', '', '79228162514264337593543950336', `0.${'0'.repeat(28)}1`, '1'.repeat(300)]) {
      expect(thrown(() => Decimal.parse(bad)).code, bad).toBe('INVALID_VALUE');
    }
  });
});

describe('DateTime and Decimal in weft formats', () => {
  const graph = { when: new DateTime(638448111301234567n, DateTimeKind.Utc), price: Decimal.parse('19.990'), local: DateTime.fromDateData((3n << 62n) | 5n) };

  it('round-trip through BinaryFormatter, JsonFormatter and deepClone as frozen values', () => {
    for (const back of [new BinaryFormatter().deserialize<typeof graph>(new BinaryFormatter().serialize(graph)), new JsonFormatter().deserialize<typeof graph>(new JsonFormatter().serialize(graph)), deepClone(graph)]) {
      expect(back.when).toBeInstanceOf(DateTime);
      expect(back.when.equals(graph.when)).toBe(true);
      expect(back.local.ambiguousDst).toBe(true);
      expect(back.price).toBeInstanceOf(Decimal);
      expect(back.price.toString()).toBe('19.990');
      expect(Object.isFrozen(back.when) && Object.isFrozen(back.price)).toBe(true);
    }
  });

  it('a stream cannot make an invalid one', () => {
    const json = new JsonFormatter();
    const text = json.serializeToString(Decimal.parse('1.5'));
    const forged = text.replace(/"scale":\s*1/, '"scale":99');
    expect(forged).not.toBe(text);
    const e = thrown(() => json.deserialize(forged));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('invalid Decimal');
    const t = json.serializeToString(new DateTime(5n));
    const forgedTicks = t.replace(/"kind":\s*0/, '"kind":7');
    expect(forgedTicks).not.toBe(t);
    expect(thrown(() => json.deserialize(forgedTicks)).message).toContain('invalid DateTime');
  });
});
