import { Serializable } from '@weft/runtime';

// Without a type checker (this golden file's path, as the bundler plugin compiles), arrays are
// known from their syntax and class-typed members are `any`; see kinds.test.ts for tspc's kinds.
@Serializable()
export class Basket {
  owner: Customer | null = null;
  items: Item[] = [];
  pair: [number, string] = [0, ''];
  labels: readonly string[] = [];
  history: Array<Item> = [];
  count = 0;
}

@Serializable()
export class Item {
  sku = '';
}

@Serializable()
export class Customer {
  name = '';
}
