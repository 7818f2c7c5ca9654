import { BinaryFormatter, JsonFormatter } from '@weft/runtime';
import { Account, Person } from './model.js';

const ada = new Person('Ada');
new Account(ada, 100);
new Account(ada, 250n > 0n ? 250 : 0);

for (const formatter of [new BinaryFormatter(), new JsonFormatter()]) {
  const back = formatter.deserialize<Person>(formatter.serialize(ada));
  const ok =
    back instanceof Person &&
    back.accounts.length === 2 &&
    back.accounts.every((a) => a instanceof Account && a.owner === back && a.session === undefined) &&
    back.accounts.map((a) => a.balance).join(',') === '100,250';
  if (!ok) {
    console.error(`FAIL: ${formatter.constructor.name} round trip`);
    process.exit(1);
  }
}
console.log(`round trip verified (${process.argv[1]?.split('/').slice(-2, -1)[0] ?? 'bundle'})`);
