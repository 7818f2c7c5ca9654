import { SerializationException } from '../errors.js';
import type { SerializationLimits } from '../limits.js';

/**
 * The limits every reading sink enforces, in one place: units of work (limits.maxObjects),
 * nesting (maxDepth), collection and string lengths, and references only to earlier objects.
 * Extended by the engine's ObjectReader and by the inspector, so a hostile stream costs the
 * same bounded work whoever reads it.
 */
export abstract class BudgetedSink {
  protected units = 0;
  protected depth = 0;
  protected regexps = 0;
  limits!: Readonly<SerializationLimits>;

  /** Where the decoder stands, for failures (-1: the decoder locates them). */
  protected abstract where(): number;

  protected fail(code: SerializationException['code'], message: string, at = this.where()): never {
    throw new SerializationException(code, message, at >= 0 ? { offset: at } : undefined);
  }

  protected resetBudget(): void {
    this.units = 0;
    this.depth = 0;
    this.regexps = 0;
  }

  /** One more RegExp to build from the stream's text (limits.maxRegExps, off by default). */
  protected regExpAllowed(at: number): void {
    if (++this.regexps <= this.limits.maxRegExps) return;
    this.fail(
      'LIMIT_EXCEEDED',
      this.limits.maxRegExps === 0
        ? 'the stream holds a RegExp, and limits.maxRegExps is 0 (the default): building a RegExp from a stream\'s text can take seconds and hands you a pattern you did not write. If the stream is trusted to hold patterns, set limits.maxRegExps'
        : `the graph has more than limits.maxRegExps (${this.limits.maxRegExps}) RegExps`,
      at,
    );
  }

  unit(): void {
    if (++this.units > this.limits.maxObjects) {
      this.fail('LIMIT_EXCEEDED', `the graph has more than limits.maxObjects (${this.limits.maxObjects}) objects, elements and strings`);
    }
  }

  work(n: number): void {
    this.units += n;
    if (this.units > this.limits.maxObjects) this.unit();
  }

  enter(): void {
    if (++this.depth > this.limits.maxDepth) this.fail('LIMIT_EXCEEDED', `objects nest deeper than limits.maxDepth (${this.limits.maxDepth})`);
  }

  leave(): void {
    this.depth--;
  }

  /** A reference counts one unit and may name only one of the `known` objects before it. */
  protected checkRef(id: number, known: number, at: number): void {
    this.unit();
    if (id >= known) this.fail('BAD_REFERENCE', `reference to object #${id}, but only ${known} objects precede it`, at);
  }

  collection(n: number, what: string, at: number): void {
    if (n > this.limits.maxCollectionLength) this.fail('LIMIT_EXCEEDED', `${what} of ${n} exceeds limits.maxCollectionLength (${this.limits.maxCollectionLength})`, at);
  }

  stringLength(n: number, what: string, at: number): void {
    if (n > this.limits.maxStringLength) this.fail('LIMIT_EXCEEDED', `${what} of ${n} exceeds limits.maxStringLength (${this.limits.maxStringLength})`, at);
  }
}
