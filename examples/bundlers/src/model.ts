import { NonSerialized, Serializable } from '@weft/runtime';

@Serializable({ name: 'bundlers.Account' })
export class Account {
  #balance: number;
  @NonSerialized() session: string | undefined = 'live';
  owner: Person;
  constructor(owner: Person, balance: number) {
    this.owner = owner;
    this.#balance = balance;
    owner.accounts.push(this);
  }
  get balance(): number {
    return this.#balance;
  }
}

@Serializable({ name: 'bundlers.Person' })
export class Person {
  accounts: Account[] = [];
  constructor(public name: string) {}
}
