import { describe, expect, it } from 'vitest';
import { BinaryFormatter, JsonFormatter, SerializationBinder } from '@weft/runtime';
import { registerClass } from '@weft/runtime/internal';
import { inspectFrames } from '@weft/runtime/tooling';
import { layoutFingerprint } from '../src/wire/type-layouts';
import { thrown } from './helpers';
import { frame } from './security/bytes';

// Member slots (FORMAT.md, "Member slots"): members declared object (5), array (6) and object[]
// (7) are written in a slot form where the bytes 0x80-0xff stand for a reference (object) or a
// new array (array, object[]). These classes are registered as tspc (with a type checker)
// compiles them: the bundler plugin that builds this suite has no checker and never says object.

/** `class Node { next: Node | null; kids: Node[]; tags: string[]; label: string }` */
class Node {
  next: unknown = null;
  kids: unknown = [];
  tags: unknown = [];
  label: unknown = '';
}
const NODE_MEMBERS = ['next', 'kids', 'tags', 'label'] as const;
registerClass(Node, {
  contract: 2,
  assembly: 'slots',
  name: 'Node',
  members: [
    { name: 'next', kind: 5 },
    { name: 'kids', kind: 7 },
    { name: 'tags', kind: 6 },
    { name: 'label', kind: 2 },
  ],
  write(w, o: Node) {
    w.obj(o.next);
    w.objs(o.kids);
    w.arr(o.tags);
    w.str(o.label);
  },
  read(r, o: Node) {
    o.next = r.obj();
    o.kids = r.objs();
    o.tags = r.arr();
    o.label = r.str();
  },
  get: (o: Node, i) => o[NODE_MEMBERS[i]!],
  set: (o: Node, i, v) => void (o[NODE_MEMBERS[i]!] = v),
});

/** The same layout with no declared kinds (as a build without a checker sees `next: Node | null` etc.): plain values. */
class LooseNode {
  next: unknown = null;
  kids: unknown = [];
  tags: unknown = [];
  label: unknown = '';
}
registerClass(LooseNode, {
  contract: 2,
  assembly: 'slots',
  name: 'LooseNode',
  members: NODE_MEMBERS.map((name) => ({ name })),
  write(w, o: LooseNode) {
    for (const m of NODE_MEMBERS) w.value(o[m]);
  },
  read(r, o: LooseNode) {
    for (const m of NODE_MEMBERS) o[m] = r.value();
  },
  get: (o: LooseNode, i) => o[NODE_MEMBERS[i]!],
  set: (o: LooseNode, i, v) => void (o[NODE_MEMBERS[i]!] = v),
});

/** As a transformer before member slots compiled `class Old { next: Old | null }`: object members read with value(). */
class Old {
  next: unknown = null;
}
registerClass(Old, {
  assembly: 'slots',
  name: 'Old',
  members: [{ name: 'next', kind: 5 }],
  write: (w, o: Old) => w.obj(o.next),
  read: (r, o: Old) => void (o.next = r.value()),
  get: (o: Old) => o.next,
  set: (o: Old, _i, v) => void (o.next = v),
});
/** The same generator's code for a class without object members still works: nothing in it changed. */
class OldPlain {
  n = 0;
}
registerClass(OldPlain, {
  assembly: 'slots',
  name: 'OldPlain',
  members: [{ name: 'n', kind: 1 }],
  write: (w, o: OldPlain) => w.num(o.n),
  read: (r, o: OldPlain) => void (o.n = r.num() as number),
  get: (o: OldPlain) => o.n,
  set: (o: OldPlain, _i, v) => void (o.n = v as number),
});

const f = new BinaryFormatter();
const HEADER = 8;
const node = (label: string, next: unknown = null, kids: unknown = [], tags: unknown = []) => Object.assign(new Node(), { label, next, kids, tags });
/** Binds the stream's slots:Node onto `to` (and LooseNode onto Node, for the other direction). */
const bindTo = (to: Function) =>
  new (class extends SerializationBinder {
    override bindToType(_assembly: string, _name: string): Function | undefined {
      return to;
    }
  })();

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [0x20 | utf8(s).length, ...utf8(s)];
/** TypeDef of slots:Node with the given member kinds, then (the caller's) instance body. */
const nodeDef = (kinds: number[]) => [0x16, ...str('slots'), ...str('Node'), 0x00, 0x04, ...NODE_MEMBERS.flatMap((m, i) => [...str(m), kinds[i]!])];

describe('member slots', () => {
  it('a reference, a new array and references among its elements take no tag', () => {
    const a = node('a');
    a.next = a;
    a.kids = [a, a];
    a.tags = ['t'];
    const bytes = [...f.serialize(a).subarray(HEADER)];
    const def = nodeDef([5, 7, 6, 2]);
    expect(bytes.slice(0, def.length)).toEqual(def);
    // next: ref 0; kids: new array (id 1) of 2, each ref 0; tags: new array (id 2) of 1, "t"; label "a"
    expect(bytes.slice(def.length)).toEqual([0x80, 0x82, 0x80, 0x80, 0x81, ...str('t'), ...str('a')]);
    const back = f.deserialize<Node>(f.serialize(a));
    expect(back).toBeInstanceOf(Node);
    expect(back.next).toBe(back);
    expect(back.kids).toEqual([back, back]);
    expect((back.kids as Node[])[0]).toBe(back);
    expect(back.tags).toEqual(['t']);
  });

  it('numbers of 64 and up take the long form: 0xc0 | low 6 bits, then a varint', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${i}`));
    for (let i = 0; i < nodes.length; i++) nodes[i]!.next = nodes[(i * 37) % nodes.length];
    const first = nodes[0]!;
    first.kids = nodes;
    first.tags = Array.from({ length: 5000 }, (_, i) => i % 200);
    const back = f.deserialize<Node>(f.serialize(first));
    const kids = back.kids as Node[];
    expect(kids).toHaveLength(300);
    expect(kids[0]).toBe(back);
    for (let i = 0; i < kids.length; i++) {
      expect(kids[i]!.label).toBe(`n${i}`);
      expect(kids[i]!.next).toBe(kids[(i * 37) % kids.length]);
    }
    expect(back.tags).toEqual(first.tags);
    // lengths at the edges of the short form
    for (const n of [0, 63, 64, 65, 127, 128, 8191, 8192]) {
      const t = node('t', null, [], Array.from({ length: n }, () => 1));
      const bytes = f.serialize(t);
      expect((f.deserialize<Node>(bytes).tags as number[]).length).toBe(n);
    }
    // after the TypeDef: next = null, kids = an empty array, then tags
    const t64 = [...f.serialize(node('t', null, [], new Array(64).fill(0))).subarray(HEADER + nodeDef([5, 7, 6, 2]).length + 2)];
    expect(t64.slice(0, 2)).toEqual([0xc0, 0x01]); // 64 = 0 + 64 × 1
  });

  it('any value still fits any slot (a declared kind is not a promise)', () => {
    const shared = ['shared'];
    const m = new Map([[1, 'one']]);
    const values: [unknown, unknown, unknown][] = [
      [5, 'not an array', 7],
      [200, new Set([1]), { a: 1 }],
      [-0, [1, 200, null, undefined, 'x', [shared], m, -1.5], shared],
      ['text', shared, shared],
      [[1, 2], [0, 127, 128], new Date(0)],
      [m, [m, m], [m]],
      [undefined, undefined, undefined],
      [true, 10n, null],
    ];
    for (const [next, kids, tags] of values) {
      const back = f.deserialize<Node>(f.serialize(Object.assign(new Node(), { label: 'v', next, kids, tags })));
      expect(back).toBeInstanceOf(Node);
      expect({ next: back.next, kids: back.kids, tags: back.tags }).toEqual({ next, kids, tags });
      if (Object.is(next, -0)) expect(Object.is(back.next, -0)).toBe(true);
    }
    // a shared array stays shared across slots of both kinds
    const back = f.deserialize<Node>(f.serialize(node('s', shared, [shared], shared)));
    expect(back.next).toBe(back.tags);
    expect((back.kids as unknown[])[0]).toBe(back.tags);
    // holes in an object[] slot
    // eslint-disable-next-line no-sparse-arrays
    const holes = f.deserialize<Node>(f.serialize(node('h', null, [, 1, , node('k')])));
    expect(0 in (holes.kids as unknown[])).toBe(false);
    expect((holes.kids as unknown[])[3]).toBeInstanceOf(Node);
  });

  it('a chain deeper than the inline depth (deferred bodies) round-trips', () => {
    let head = node('0');
    for (let i = 1; i < 2000; i++) head = node(String(i), head, [head], [i]);
    let n: Node | null = f.deserialize<Node>(f.serialize(head));
    for (let i = 1999; i >= 0; i--) {
      expect(n!.label).toBe(String(i));
      if (i > 0) expect((n!.kids as Node[])[0]).toBe(n!.next);
      n = n!.next as Node | null;
    }
    expect(n).toBeNull();
  });

  it('weft inspect reads slots by the kinds the stream declares', () => {
    const a = node('a', null, [], ['t']);
    a.next = a;
    a.kids = [a];
    const [frame] = inspectFrames(f.serialize(a));
    const root = JSON.stringify(frame!.doc);
    expect(root).toContain('"next":{"$ref":0}');
    expect(root).toContain('"kids":[{"$ref":0}]');
    expect(root).toContain('"tags":["t"]');
  });

  it('the JSON formatter writes the same graph (JSON has one form for every value)', () => {
    const a = node('a');
    a.next = a;
    a.kids = [a, 5];
    const j = new JsonFormatter();
    const back = j.deserialize<Node>(j.serializeToString(a));
    expect(back.next).toBe(back);
    expect(back.kids).toEqual([back, 5]);
  });

  it('a layout whose kinds encode differently is read member by member, by the stream\'s kinds', () => {
    const a = node('a', null, [], ['x']);
    a.next = a;
    a.kids = [a, 3];
    // slots written, read into a class with plain members (and back)
    const loose = new BinaryFormatter({ binder: bindTo(LooseNode) }).deserialize<LooseNode>(f.serialize(a));
    expect(loose).toBeInstanceOf(LooseNode);
    expect(loose.next).toBe(loose);
    expect(loose.kids).toEqual([loose, 3]);
    expect(loose.tags).toEqual(['x']);
    const l = Object.assign(new LooseNode(), { label: 'l', kids: [5], tags: [] });
    l.next = l;
    const strict = new BinaryFormatter({ binder: bindTo(Node) }).deserialize<Node>(f.serialize(l));
    expect(strict).toBeInstanceOf(Node);
    expect(strict.next).toBe(strict);
    expect(strict.kids).toEqual([5]);
  });

  it('compact mode: the fingerprint leaves kinds out, the member encodings after it say how each member is written', () => {
    const fp = (kind: number) => [...layoutFingerprint('app', 'T', [{ name: 'm', kind }])];
    // builds with and without a type checker (object vs any) share a fingerprint
    for (const k of [1, 4, 5, 6, 7]) expect(fp(k)).toEqual(fp(0));
    const compact = new BinaryFormatter({ layouts: 'fingerprint' });
    const a = node('a', null, [], ['t']);
    a.next = a;
    a.kids = [a];
    const bytes = compact.serialize(a);
    const body = [...bytes.subarray(HEADER)];
    // 0x19, fingerprint, "Node", then next=object (1), kids=object[] (3), tags=array (2), label plain (0)
    expect(body.slice(9 + 5, 9 + 6)).toEqual([1 | (3 << 2) | (2 << 4)]);
    const back = compact.deserialize<Node>(bytes);
    expect(back.next).toBe(back);
    // a reader whose class declares no slot kinds reads the writer's forms, member by member
    const loose = new BinaryFormatter({ layouts: 'fingerprint', binder: bindTo(LooseNode) }).deserialize<LooseNode>(bytes);
    expect(loose).toBeInstanceOf(LooseNode);
    expect(loose.next).toBe(loose);
    expect(loose.kids).toEqual([loose]);
    expect(loose.tags).toEqual(['t']);
    // the encodings, not the reader's kinds, decide how a member is read: marked plain, the empty
    // slot array of `kids` (0x80) reads as the number 0, which a member declared object[] rejects
    const relabeled = compact.serialize(node('r'));
    relabeled[HEADER + 9 + 5] = 0;
    const e = thrown(() => compact.deserialize(relabeled));
    expect([e.code, e.message]).toEqual(['TYPE_MISMATCH', expect.stringContaining('"kids"')]);
  });

  it('version-1 frames (no slots) are still read: their object members are plain values', () => {
    // next = Ref 0, kids = [Ref 0], tags = ["t"], label = "a"; version 1 had kinds up to 5
    const body = [...nodeDef([5, 5, 5, 2]), 0x0a, 0x00, 0x0c, 0x01, 0x0a, 0x00, 0x0c, 0x01, ...str('t'), ...str('a')];
    const v1 = f.deserialize<Node>(frame(body, 1));
    expect(v1.next).toBe(v1);
    expect(v1.kids).toEqual([v1]);
    expect(v1.tags).toEqual(['t']);
    // a FixInt in an object member is a number in version 1, a reference in version 2
    const fix = [...nodeDef([5, 5, 5, 2]), 0x85, 0x00, 0x00, ...str('a')];
    expect(new BinaryFormatter({ binder: bindTo(LooseNode) }).deserialize<LooseNode>(frame(fix, 1)).next).toBe(5);
    expect(thrown(() => f.deserialize(frame(fix))).code).toBe('BAD_REFERENCE');
    // version 1 knew no kinds above 5
    expect(thrown(() => f.deserialize(frame([...nodeDef([5, 7, 6, 2]), 0x00, 0x00, 0x00, ...str('a')], 1))).code).toBe('INVALID_VALUE');
  });

  it('code generated for an older contract is refused where it would misread object members (NOT_COMPILED), and works elsewhere', () => {
    const old = Object.assign(new Old(), { next: null });
    const w = thrown(() => f.serialize([old]));
    expect([w.code, w.message]).toEqual(['NOT_COMPILED', expect.stringContaining('class Old was compiled by an older @weft/transformer')]);
    const body = [0x16, ...str('slots'), ...str('Old'), 0x00, 0x01, ...str('next'), 0x05, 0x00];
    const r = thrown(() => f.deserialize(frame(body)));
    expect([r.code, r.typeName]).toEqual(['NOT_COMPILED', 'Old']);
    const plain = f.deserialize<OldPlain>(f.serialize(Object.assign(new OldPlain(), { n: 7 })));
    expect(plain).toBeInstanceOf(OldPlain);
    expect(plain.n).toBe(7);
  });

  it('hostile slot bytes fail with a code, before anything is allocated for them', () => {
    const def = nodeDef([5, 7, 6, 2]);
    const at = (e: { offset?: number }) => e.offset! - HEADER - def.length;
    // a reference to an object that does not exist yet
    const ref = thrown(() => f.deserialize(frame([...def, 0x81, 0x00, 0x00, ...str('a')])));
    expect([ref.code, at(ref)]).toEqual(['BAD_REFERENCE', 0]);
    expect(thrown(() => f.deserialize(frame([...def, 0xc0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00, ...str('a')]))).code).toBe('BAD_REFERENCE');
    // an array longer than the bytes that remain
    const long = thrown(() => f.deserialize(frame([...def, 0x00, 0xff, 0xff, 0x03, 0x00])));
    expect([long.code, at(long)]).toEqual(['INVALID_LENGTH', 1]);
    // over limits.maxCollectionLength
    const limited = new BinaryFormatter({ limits: { maxCollectionLength: 3 } });
    expect(thrown(() => limited.deserialize(frame([...def, 0x00, 0x84, 0x80, 0x80, 0x80, 0x80, 0x00, ...str('a')]))).code).toBe('LIMIT_EXCEEDED');
    // a varint longer than 32 bits, and input that ends inside one
    expect(thrown(() => f.deserialize(frame([...def, 0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).code).toBe('INVALID_VARINT');
    expect(thrown(() => f.deserialize(frame([...def, 0xc0]))).code).toBe('TRUNCATED');
    // elements of an object[] slot: a FixInt-range byte is a reference there too
    expect(thrown(() => f.deserialize(frame([...def, 0x00, 0x81, 0x85, 0x00, ...str('a')]))).code).toBe('BAD_REFERENCE');
  });
});
