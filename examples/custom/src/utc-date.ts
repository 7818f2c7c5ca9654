import type { ISerializationSurrogate, SerializationInfo, StreamingContext } from '@weft/runtime';

/**
 * Takes over Date, a built-in nobody can edit: dates travel as UTC text ("2026-11-21 09:30:00Z")
 * and come back as a new Date. setObjectData returns that new object.
 */
export class UniversalTimeSurrogate implements ISerializationSurrogate {
  getObjectData(obj: Date, info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('Date', obj.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'));
  }
  setObjectData(_obj: unknown, info: SerializationInfo, _context: StreamingContext): Date {
    return new Date(info.getString('Date')!.replace(' ', 'T'));
  }
}
