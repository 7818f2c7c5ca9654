import { type ISerializable, Serializable, SerializationInfo, StreamingContext } from '@weft/runtime';

@Serializable()
export class Money implements ISerializable {
  constructor(cents: number, currency: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: number | SerializationInfo, b: string | StreamingContext) {
    if (a instanceof SerializationInfo) {
      this.cents = a.getInt32('cents');
      this.currency = a.getString('currency') ?? 'EUR';
    } else {
      this.cents = a;
      this.currency = b as string;
    }
  }
  cents: number;
  currency: string;
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('cents', this.cents);
    info.addValue('currency', this.currency);
  }
}
