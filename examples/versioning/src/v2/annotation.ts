import { type ISerializable, Serializable, SerializationBinder, SerializationException, SerializationInfo, type StreamingContext } from '@weft/runtime';

/**
 * Version 2's replacement for version 1's Note: ISerializable, with a member Note never had.
 * Version 1's bytes hold a Note written field by field; the binder below maps it here, and the
 * deserialization constructor receives Note's fields as SerializationInfo entries by name.
 */
@Serializable({ name: 'docs.Annotation' })
export class Annotation implements ISerializable {
  text: string;
  stars: number;
  color: string;
  constructor(text: string, stars: number, color: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo, b: number | StreamingContext, color?: string) {
    if (a instanceof SerializationInfo) {
      this.text = a.getString('text') ?? '';
      this.stars = a.getInt32('stars');
      this.color = readOr(a, 'color', 'yellow');
    } else {
      this.text = a;
      this.stars = b as number;
      this.color = color!;
    }
  }
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('text', this.text);
    info.addValue('stars', this.stars);
    info.addValue('color', this.color);
  }
}

/** A getter throws MEMBER_NOT_FOUND for a name the stream lacks: data from before it existed. */
function readOr(info: SerializationInfo, name: string, fallback: string): string {
  try {
    return info.getString(name) ?? fallback;
  } catch (e) {
    if (e instanceof SerializationException && e.code === 'MEMBER_NOT_FOUND') return fallback;
    throw e;
  }
}

/** Reads version 1's Note as an Annotation (the reference's Ver1ToVer2SerializationBinder). */
export class NoteToAnnotationBinder extends SerializationBinder {
  override bindToType(_assemblyName: string, typeName: string): Function | undefined {
    return typeName === 'docs.Note' ? Annotation : undefined;
  }
}
