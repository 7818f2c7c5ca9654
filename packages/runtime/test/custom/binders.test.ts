import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type ISerializable,
  OptionalField,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';
import { thrown } from '../helpers';

const ASM = '@weft/runtime'; // default assembly: the nearest package.json


/** What version 1 of the program wrote. */
@Serializable({ name: 'bind.Ver1' })
class Ver1 {
  name = '';
  amount = 0;
}

/** The version-2 class that should read Ver1 data. */
@Serializable({ name: 'bind.Ver2' })
class Ver2 {
  name = '';
  amount = 0;
  @OptionalField({ versionAdded: 2 }) currency: string | undefined;
}

/** Maps the version-1 type onto Ver2, like .NET's Ver1ToVer2SerializationBinder. */
class Ver1ToVer2Binder extends SerializationBinder {
  calls: [string, string][] = [];
  override bindToType(assemblyName: string, typeName: string): Function | undefined {
    this.calls.push([assemblyName, typeName]);
    return assemblyName === ASM && typeName === 'bind.Ver1' ? Ver2 : undefined;
  }
}

/** Writes Ver2 under the Ver1 name, so that version-1 readers can read it. */
class WriteAsVer1 extends SerializationBinder {
  override bindToName(type: Function): { assemblyName?: string; typeName?: string } | undefined {
    return type === Ver2 ? { typeName: 'bind.Ver1' } : undefined;
  }
}

@Serializable({ name: 'bind.Other' })
class Other {
  x = 1;
}

/** An ISerializable type, renamed on write through its SerializationInfo type. */
@Serializable({ name: 'bind.Custom' })
class Custom implements ISerializable {
  v = 0;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) this.v = info.getInt32('v');
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('v', this.v);
  }
}

@Serializable({ name: 'bind.CustomV2' })
class CustomV2 implements ISerializable {
  value = 0;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) this.value = info.getInt32('v') * 100;
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('v', this.value / 100);
  }
}

/** Never compiled by the transformer. */
class Uncompiled {
  secret = 'x';
}

class Foreign {
  label = '';
}

describe('SerializationBinder (issue 4)', () => {
  it('bindToType maps a version-1 type onto its version-2 class (Ver1 -> Ver2)', () => {
    const bytes = new BinaryFormatter().serialize([Object.assign(new Ver1(), { name: 'n', amount: 5 }), Object.assign(new Ver1(), { name: 'm', amount: 6 })]);
    const binder = new Ver1ToVer2Binder();
    const back = new BinaryFormatter({ binder }).deserialize<Ver2[]>(bytes);
    expect(back[0]).toBeInstanceOf(Ver2);
    expect(back[1]).toBeInstanceOf(Ver2);
    expect({ ...back[0] }).toEqual({ name: 'n', amount: 5 });
    expect(back[0]!.currency).toBeUndefined();
    // asked once per type in the stream, with the identity as written
    expect(binder.calls).toEqual([[ASM, 'bind.Ver1']]);
  });

  it('a binder that returns null/undefined leaves the default lookup in place', () => {
    const binder = new Ver1ToVer2Binder();
    const f = new BinaryFormatter({ binder });
    const o = f.deserialize<Other>(f.serialize(new Other()));
    expect(o).toBeInstanceOf(Other);
    expect(binder.calls).toEqual([[ASM, 'bind.Other']]);
    const nullBinder = new (class extends SerializationBinder {
      override bindToType(): null {
        return null;
      }
    })();
    expect(new BinaryFormatter({ binder: nullBinder }).deserialize(f.serialize(new Other()))).toBeInstanceOf(Other);
  });

  it('bindToName renames on write: version 2 writes data that a version-1 reader reads', () => {
    const bytes = new BinaryFormatter({ binder: new WriteAsVer1() }).serialize(Object.assign(new Ver2(), { name: 'n', amount: 1, currency: 'EUR' }));
    const back = new BinaryFormatter().deserialize<Ver1>(bytes);
    expect(back).toBeInstanceOf(Ver1);
    expect([back.name, back.amount]).toEqual(['n', 1]);
    // the extra member is skipped by the version-1 class
    expect('currency' in back).toBe(false);
  });

  it('bindToName can also change the assembly, and applies to ISerializable types', () => {
    const renamer = new (class extends SerializationBinder {
      override bindToName(type: Function) {
        return type === Custom ? { assemblyName: 'legacy', typeName: 'Old.Custom' } : undefined;
      }
    })();
    const bytes = new BinaryFormatter({ binder: renamer }).serialize(Object.assign(new Custom(), { v: 3 }));
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('legacy');
    expect(text).toContain('Old.Custom');
    expect(thrown(() => new BinaryFormatter().deserialize(bytes)).code).toBe('UNKNOWN_TYPE');
    const reader = new (class extends SerializationBinder {
      override bindToType(a: string, n: string) {
        return a === 'legacy' && n === 'Old.Custom' ? CustomV2 : undefined;
      }
    })();
    const back = new BinaryFormatter({ binder: reader }).deserialize<CustomV2>(bytes);
    expect(back).toBeInstanceOf(CustomV2);
    expect(back.value).toBe(300);
  });

  it('cannot widen what the bytes may instantiate: an unregistered class from bindToType is UNKNOWN_TYPE', () => {
    const bytes = new BinaryFormatter().serialize(new Ver1());
    const evil = new (class extends SerializationBinder {
      override bindToType(): Function {
        return Uncompiled;
      }
    })();
    const e = thrown(() => new BinaryFormatter({ binder: evil }).deserialize(bytes));
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.message).toContain('Uncompiled');
    for (const builtin of [Function, Object, Array, Map]) {
      const b = new (class extends SerializationBinder {
        override bindToType(): Function {
          return builtin;
        }
      })();
      expect(thrown(() => new BinaryFormatter({ binder: b }).deserialize(bytes)).code).toBe('UNKNOWN_TYPE');
    }
  });

  it('...unless a registered surrogate handles that class', () => {
    const sel = new SurrogateSelector();
    const all = new StreamingContext(StreamingContextStates.All);
    sel.addSurrogate(Foreign, all, {
      getObjectData(o: Foreign, info) {
        info.addValue('label', o.label);
      },
      setObjectData(o: Foreign, info) {
        o.label = info.getString('label')!;
      },
    });
    // written by a program where "Tag" was a surrogate-handled class of another name
    class Tag {
      label = 'from tag';
    }
    const wsel = new SurrogateSelector();
    wsel.addSurrogate(Tag, all, {
      getObjectData(o: Tag, info) {
        info.addValue('label', o.label);
      },
      setObjectData() {
        return null;
      },
    });
    const bytes = new BinaryFormatter({ surrogateSelector: wsel }).serialize(new Tag());
    const binder = new (class extends SerializationBinder {
      override bindToType(_a: string, n: string) {
        return n === 'Tag' ? Foreign : undefined;
      }
    })();
    const back = new BinaryFormatter({ binder, surrogateSelector: sel }).deserialize<Foreign>(bytes);
    expect(back).toBeInstanceOf(Foreign);
    expect(back.label).toBe('from tag');
  });

  it('a binder returning a non-class, or throwing, is a SerializationException', () => {
    const bytes = new BinaryFormatter().serialize(new Ver1());
    const notClass = new (class extends SerializationBinder {
      override bindToType(): Function {
        return 'Ver2' as unknown as Function;
      }
    })();
    expect(thrown(() => new BinaryFormatter({ binder: notClass }).deserialize(bytes)).code).toBe('INVALID_VALUE');
    const throwing = new (class extends SerializationBinder {
      override bindToType(): Function {
        throw new Error('binder down');
      }
    })();
    const e = thrown(() => new BinaryFormatter({ binder: throwing }).deserialize(bytes));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain('binder down');
  });

  it('the default SerializationBinder changes nothing', () => {
    const plain = new (class extends SerializationBinder {})();
    expect(plain.bindToType('a', 'b')).toBeUndefined();
    expect(plain.bindToName(Ver1)).toBeUndefined();
    const f = new BinaryFormatter({ binder: plain });
    expect(f.deserialize(f.serialize(new Ver1()))).toBeInstanceOf(Ver1);
  });
});
