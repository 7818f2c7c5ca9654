/** A base class in another module, not marked @Serializable (no diagnostic can see it from the subclass's file). */
export class PlainBase {
  a = 1;
}
