import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type ISerializationSurrogate,
  type ISurrogateSelector,
  Serializable,
  SerializationException,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';

const ALL = new StreamingContext(StreamingContextStates.All);

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    return (e as SerializationException).code;
  }
  throw new Error('expected a SerializationException');
}

/** Dates travel as UTC text ("u"-like format), and come back as a new Date. */
const utcDateSurrogate: ISerializationSurrogate = {
  getObjectData(obj: Date, info) {
    info.addValue('Date', obj.toISOString());
  },
  setObjectData(_obj, info) {
    return new Date(info.getString('Date')!);
  },
};

/** A "third-party" class: never compiled by the transformer, no @Serializable, private-ish state. */
class Point3rd {
  constructor(
    public x: number,
    public y: number,
  ) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}

/** Fills the uninitialized object it is given (returns nothing). */
const pointSurrogate: ISerializationSurrogate = {
  getObjectData(p: Point3rd, info) {
    info.addValue('x', p.x);
    info.addValue('y', p.y);
  },
  setObjectData(p: Point3rd, info) {
    p.x = info.getDouble('x');
    p.y = info.getDouble('y');
    return undefined;
  },
};

/** Another uncompiled class, which takes part in cycles. */
class GraphNode {
  edges: GraphNode[] = [];
  constructor(public id: string) {}
}

/** An uncompiled class whose cycle goes through a direct field, not an array. */
class Pair {
  peer: Pair | null = null;
  constructor(public name: string) {}
}

const pairReplaceSurrogate: ISerializationSurrogate = {
  getObjectData(p: Pair, info) {
    info.addValue('name', p.name);
    info.addValue('peer', p.peer);
  },
  setObjectData(_p: Pair, info) {
    const fresh = new Pair(info.getString('name')!.toUpperCase());
    fresh.peer = info.getValue('peer'); // may still be the stand-in of an object being read
    return fresh;
  },
};

/** Fills in place: cycles need no fixups. */
const nodeFillSurrogate: ISerializationSurrogate = {
  getObjectData(n: GraphNode, info) {
    info.addValue('id', n.id);
    info.addValue('edges', n.edges);
  },
  setObjectData(n: GraphNode, info) {
    n.id = info.getString('id')!;
    n.edges = info.getValue('edges');
    return n;
  },
};

/** Returns a new object: earlier references to the uninitialized one are fixed up. */
const nodeReplaceSurrogate: ISerializationSurrogate = {
  getObjectData: nodeFillSurrogate.getObjectData,
  setObjectData(_n: GraphNode, info) {
    const fresh = new GraphNode(`${info.getString('id')}'`);
    fresh.edges = info.getValue('edges');
    return fresh;
  },
};

@Serializable({ name: 'sur.Appointment' })
class Appointment {
  title = '';
  when: Date = new Date(0);
  where: Point3rd | null = null;
  alsoWhen: Date | null = null;
}

@Serializable({ name: 'sur.Compiled' })
class Compiled {
  secret = 'generated codec';
}

describe('surrogates (issue 4)', () => {
  it('a UTC Date surrogate: written as text, setObjectData returns a different object; identity is kept', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Date, ALL, utcDateSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const when = new Date(Date.UTC(2024, 5, 1, 8, 30));
    const a = Object.assign(new Appointment(), { title: 'dentist', when, alsoWhen: when });
    const bytes = f.serialize(a);
    expect(new TextDecoder('latin1').decode(bytes)).toContain('2024-06-01T08:30:00.000Z');
    const back = f.deserialize<Appointment>(bytes);
    expect(back.when).toBeInstanceOf(Date);
    expect(back.when.getTime()).toBe(when.getTime());
    expect(back.alsoWhen).toBe(back.when);
    // without the selector, the bytes name a type nobody answers for
    expect(code(() => new BinaryFormatter().deserialize(bytes))).toBe('UNKNOWN_TYPE');
  });

  it('makes an uncompiled third-party class serializable without touching it (filled in place)', () => {
    const f0 = new BinaryFormatter();
    expect(code(() => f0.serialize(new Point3rd(1, 2)))).toBe('NOT_SERIALIZABLE');
    const sel = new SurrogateSelector();
    sel.addSurrogate(Point3rd, ALL, pointSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const p = new Point3rd(3, 4);
    const back = f.deserialize<Appointment>(f.serialize(Object.assign(new Appointment(), { where: p })));
    expect(back.where).toBeInstanceOf(Point3rd);
    expect(back.where!.length).toBe(5);
    const pair = f.deserialize<Point3rd[]>(f.serialize([p, p]));
    expect(pair[0]).toBe(pair[1]);
  });

  it('surrogate-handled objects in cycles: filled in place', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(GraphNode, ALL, nodeFillSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const a = new GraphNode('a');
    const b = new GraphNode('b');
    a.edges = [b, a];
    b.edges = [a];
    const back = f.deserialize<GraphNode>(f.serialize(a));
    expect(back).toBeInstanceOf(GraphNode);
    expect(back.edges[1]).toBe(back);
    expect(back.edges[0]!.edges[0]).toBe(back);
    expect(back.edges[0]!.id).toBe('b');
  });

  it('surrogate-handled objects in cycles: setObjectData returns new objects, earlier references are fixed up', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(GraphNode, ALL, nodeReplaceSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const a = new GraphNode('a');
    const b = new GraphNode('b');
    a.edges = [b, a];
    b.edges = [a];
    const back = f.deserialize<GraphNode>(f.serialize(a));
    expect(back.id).toBe("a'");
    const bb = back.edges[0]!;
    expect(bb.id).toBe("b'");
    expect(back.edges[1]).toBe(back);
    expect(bb.edges[0]).toBe(back);
  });

  it('new objects from setObjectData holding a stand-in in a direct field are fixed up too', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Pair, ALL, pairReplaceSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const a = new Pair('a');
    const b = new Pair('b');
    a.peer = b;
    b.peer = a;
    const back = f.deserialize<Pair[]>(f.serialize([a, b]));
    expect(back[0]!.name).toBe('A');
    expect(back[1]!.name).toBe('B');
    expect(back[0]!.peer).toBe(back[1]);
    expect(back[1]!.peer).toBe(back[0]);
    const self = new Pair('s');
    self.peer = self;
    const s2 = f.deserialize<Pair>(f.serialize(self));
    expect(s2.peer).toBe(s2);
  });

  it('deep chains of surrogate objects (past the inline depth) keep order and direct-field cycles', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Pair, ALL, pairReplaceSurrogate);
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const head = new Pair('p0');
    let cur = head;
    for (let i = 1; i < 2500; i++) cur = cur.peer = new Pair(`p${i}`);
    cur.peer = head;
    const back = f.deserialize<Pair>(f.serialize(head));
    let p = back;
    for (let i = 0; i < 2500; i++) {
      expect(p.name).toBe(`P${i}`);
      p = p.peer!;
    }
    expect(p).toBe(back);
  });

  it('a surrogate replaces the generated codec of a compiled class', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Compiled, ALL, {
      getObjectData(_o, info) {
        info.addValue('v', 'via surrogate');
      },
      setObjectData(o: Compiled, info) {
        o.secret = info.getString('v')!;
        return null;
      },
    });
    const f = new BinaryFormatter({ surrogateSelector: sel });
    const back = f.deserialize<Compiled>(f.serialize(new Compiled()));
    expect(back).toBeInstanceOf(Compiled);
    expect(back.secret).toBe('via surrogate');
  });

  it("the formatter's context and selector reach getObjectData and setObjectData", () => {
    const ctx = new StreamingContext(StreamingContextStates.Persistence, { user: 'u' });
    const seen: unknown[] = [];
    const sel = new SurrogateSelector();
    sel.addSurrogate(Point3rd, new StreamingContext(StreamingContextStates.All), {
      getObjectData(p: Point3rd, info, c) {
        seen.push(c);
        info.addValue('x', p.x);
      },
      setObjectData(p: Point3rd, info, c, s) {
        seen.push(c, s);
        p.x = info.getInt32('x');
        return p;
      },
    });
    const f = new BinaryFormatter({ surrogateSelector: sel, context: ctx });
    f.deserialize(f.serialize(new Point3rd(1, 0)));
    expect(seen).toEqual([ctx, ctx, sel]);
    expect(seen[0]).toBe(ctx);
    expect(seen[2]).toBe(sel);
  });

  it('surrogates are chosen by context state: a File-only surrogate is not used for CrossMachine', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Point3rd, new StreamingContext(StreamingContextStates.File), pointSurrogate);
    expect(sel.getSurrogate(Point3rd, new StreamingContext(StreamingContextStates.File))).toBe(pointSurrogate);
    expect(sel.getSurrogate(Point3rd, new StreamingContext(StreamingContextStates.CrossMachine))).toBe(null);
    const f = new BinaryFormatter({ surrogateSelector: sel, context: new StreamingContext(StreamingContextStates.CrossMachine) });
    expect(code(() => f.serialize(new Point3rd(1, 1)))).toBe('NOT_SERIALIZABLE');
    f.context = new StreamingContext(StreamingContextStates.File);
    expect(f.deserialize<Point3rd>(f.serialize(new Point3rd(1, 1))).x).toBe(1);
  });

  it('addSurrogate for the same type and context twice is an error; removeSurrogate removes it', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Point3rd, ALL, pointSurrogate);
    expect(code(() => sel.addSurrogate(Point3rd, new StreamingContext(StreamingContextStates.All), pointSurrogate))).toBe('INVALID_ARGUMENT');
    sel.removeSurrogate(Point3rd, ALL);
    expect(sel.getSurrogate(Point3rd, ALL)).toBe(null);
    sel.addSurrogate(Point3rd, ALL, utcDateSurrogate);
    expect(sel.getSurrogate(Point3rd, ALL)).toBe(utcDateSurrogate);
  });

  it('surrogate failures are SerializationExceptions (CALLBACK_FAILED), and serialize stays atomic', () => {
    const sel = new SurrogateSelector();
    sel.addSurrogate(Point3rd, ALL, {
      getObjectData() {
        throw new Error('nope');
      },
      setObjectData() {
        return null;
      },
    });
    const f = new BinaryFormatter({ surrogateSelector: sel });
    expect(code(() => f.serialize([1, new Point3rd(0, 0)]))).toBe('CALLBACK_FAILED');
  });
});

describe('selector chains (issue 4)', () => {
  it('chainSelector/getNextSelector link selectors; getSurrogate walks the chain, nearest first', () => {
    const first = new SurrogateSelector();
    const second = new SurrogateSelector();
    const third = new SurrogateSelector();
    first.addSurrogate(Date, ALL, utcDateSurrogate);
    second.addSurrogate(Point3rd, ALL, pointSurrogate);
    third.addSurrogate(Point3rd, ALL, nodeFillSurrogate); // shadowed by second
    third.addSurrogate(GraphNode, ALL, nodeFillSurrogate);
    first.chainSelector(second);
    second.chainSelector(third);
    expect(first.getNextSelector()).toBe(second);
    expect(second.getNextSelector()).toBe(third);
    expect(third.getNextSelector()).toBe(null);
    expect(first.getSurrogate(Date, ALL)).toBe(utcDateSurrogate);
    expect(first.getSurrogate(Point3rd, ALL)).toBe(pointSurrogate);
    expect(first.getSurrogate(GraphNode, ALL)).toBe(nodeFillSurrogate);
    expect(first.getSurrogate(Map, ALL)).toBe(null);
    // a formatter with the head of the chain uses all of them, on write and on read
    const f = new BinaryFormatter({ surrogateSelector: first });
    const g = new GraphNode('g');
    g.edges = [g];
    const back = f.deserialize<[Date, Point3rd, GraphNode]>(f.serialize([new Date(7), new Point3rd(1, 2), g]));
    expect(back[0].getTime()).toBe(7);
    expect(back[1]).toBeInstanceOf(Point3rd);
    expect(back[2].edges[0]).toBe(back[2]);
  });

  it('chaining onto a selector that already has a next inserts the new one right after it (.NET semantics)', () => {
    const a = new SurrogateSelector();
    const b = new SurrogateSelector();
    const c = new SurrogateSelector();
    a.chainSelector(c);
    a.chainSelector(b);
    expect(a.getNextSelector()).toBe(b);
    expect(b.getNextSelector()).toBe(c);
  });

  it('refuses chains that would loop', () => {
    const a = new SurrogateSelector();
    const b = new SurrogateSelector();
    a.chainSelector(b);
    expect(code(() => b.chainSelector(a))).toBe('INVALID_ARGUMENT');
    expect(code(() => a.chainSelector(a))).toBe('INVALID_ARGUMENT');
  });

  it('a user-written ISurrogateSelector works at the head of a chain; lookups are cached per type and graph', () => {
    const inner = new SurrogateSelector();
    inner.addSurrogate(Point3rd, ALL, pointSurrogate);
    let lookups = 0;
    const custom: ISurrogateSelector = {
      next: null as ISurrogateSelector | null,
      chainSelector(s: ISurrogateSelector) {
        this.next = s;
      },
      getNextSelector() {
        return this.next;
      },
      getSurrogate(type: Function, c: StreamingContext) {
        lookups++;
        return this.next?.getSurrogate(type, c) ?? null;
      },
    } as ISurrogateSelector & { next: ISurrogateSelector | null };
    custom.chainSelector(inner);
    const f = new BinaryFormatter({ surrogateSelector: custom });
    const points = Array.from({ length: 50 }, (_, i) => new Point3rd(i, i));
    const bytes = f.serialize([...points, { o: 1 }, [2], new Compiled(), new Compiled()]);
    // one lookup per distinct type met while writing: Array, Point3rd, Object, Compiled
    expect(lookups).toBe(4);
    lookups = 0;
    const back = f.deserialize<unknown[]>(bytes);
    expect((back[49] as Point3rd).x).toBe(49);
    // on read, one lookup per type definition in the stream (Point3rd, Compiled)
    expect(lookups).toBeLessThanOrEqual(2);
  });

  it('with no selector, surrogate lookups are not made at all', () => {
    let lookups = 0;
    const counting = new (class extends SurrogateSelector {
      override getSurrogate(type: Function, c: StreamingContext) {
        lookups++;
        return super.getSurrogate(type, c);
      }
    })();
    const f = new BinaryFormatter({ surrogateSelector: counting });
    f.deserialize(f.serialize([new Compiled()]));
    expect(lookups).toBeGreaterThan(0);
    f.surrogateSelector = null;
    lookups = 0;
    expect(f.deserialize<Compiled[]>(f.serialize([new Compiled()]))[0]!.secret).toBe('generated codec');
    expect(lookups).toBe(0);
  });
});

