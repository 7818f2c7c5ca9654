import { OptionalField, Serializable, SerializationBinder } from '@weft/runtime';

/** What an older release wrote. */
@Serializable()
export class Ver1 {
  customer = '';
  total = 0;
}

/** What this release reads it as. */
@Serializable()
export class Ver2 {
  customer = '';
  total = 0;
  @OptionalField({ versionAdded: 2 }) currency: string | undefined;
}

/** Chooses the type to create on read: Ver1 data becomes a Ver2. */
export class Ver1ToVer2SerializationBinder extends SerializationBinder {
  override bindToType(assemblyName: string, typeName: string): Function | undefined {
    return assemblyName === 'custom' && typeName === 'Ver1' ? Ver2 : undefined;
  }
}
