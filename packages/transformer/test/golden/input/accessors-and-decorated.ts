import { NonSerialized, Serializable } from '@weft/runtime';

function tracked<T>(value: T, _ctx?: unknown): T {
  return value;
}

@Serializable()
export class Post {
  accessor title = '';
  accessor #views = 0;
  @NonSerialized() accessor draft = '';
  views(): number {
    return this.#views;
  }
}

@Serializable()
@tracked
export class Pinned extends Post {
  pinnedBy = 'admin';
}
