// Round-trips a graph through both formatters and prints one line per check.
import { BinaryFormatter, JsonFormatter } from '@weft/runtime';
import { Issue, Milestone, Person, Project } from './model.js';

const ada = new Person('Ada');
const project = new Project('weft on TypeScript 7');
const parser = project.add(new Issue(project, 'parser', ada, 3));
const emitter = project.add(new Issue(project, 'emitter', ada, 5));
emitter.blockedBy.push(parser);
const release = project.add(new Milestone(project, 'release', new Person('Grace'), 1));
release.due = new Date('2026-12-01T00:00:00Z');
release.blockedBy.push(parser, emitter);

let failed = 0;
for (const formatter of [new BinaryFormatter(), new JsonFormatter()]) {
  const name = formatter.constructor.name;
  const back = formatter.deserialize<Project>(formatter.serialize(project));
  const [p, e, m] = back.issues as [Issue, Issue, Milestone];
  const checks: [string, boolean][] = [
    ['classes come back (Project, Issue, Person, Milestone)', back instanceof Project && p instanceof Issue && p.assignee instanceof Person && m instanceof Milestone],
    ['cycle: each issue points back at its project', back.issues.every((i) => i.project === back)],
    ['shared reference: one Person behind two issues', p.assignee === e.assignee && p.assignee.name === 'Ada'],
    ['shared reference: blockedBy holds the same Issue objects', e.blockedBy[0] === p && m.blockedBy[0] === p && m.blockedBy[1] === e],
    ['#private field restored', p.estimate === 3 && e.estimate === 5 && m.estimate === 1],
    ['subclass field restored', m.due instanceof Date && m.due.toISOString() === '2026-12-01T00:00:00.000Z'],
    ['@NonSerialized field is undefined', back.openedAt === undefined],
  ];
  for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${what}`);
  failed += checks.filter(([, ok]) => !ok).length;
}
console.log(failed === 0 ? 'round trip verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
