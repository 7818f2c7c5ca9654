import { DotNetName, NonSerialized, OptionalField, Serializable } from '@weft/runtime';

@Serializable({ name: 'shop.Account' })
export class Account {
  @DotNetName('m_balance') #balance = 0;
  @NonSerialized() lastViewed: Date | undefined;
  constructor(public readonly owner: string) {
    this.lastViewed = new Date();
  }
}

@Serializable()
export class Savings extends Account {
  @OptionalField({ versionAdded: 2 }) @DotNetName('_rate') rate: number;
  private 'legacy-code' = 'x';
  constructor(owner: string, rate: number) {
    super(owner.trim());
    this.rate = rate;
  }
}
