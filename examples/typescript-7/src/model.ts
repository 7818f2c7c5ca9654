// A small issue tracker. Standard (TC39) decorators, type-checked by TypeScript 7; weft's
// bundler plugin generates each class's codec when esbuild loads this file.
import { NonSerialized, Serializable } from '@weft/runtime';

@Serializable({ name: 'ts7.Person' })
export class Person {
  constructor(public name: string) {}
}

@Serializable({ name: 'ts7.Project' })
export class Project {
  readonly issues: Issue[] = [];
  @NonSerialized() openedAt: Date | undefined = new Date();
  constructor(public title: string) {}
  add<T extends Issue>(issue: T): T {
    this.issues.push(issue);
    return issue;
  }
}

@Serializable({ name: 'ts7.Issue' })
export class Issue {
  readonly blockedBy: Issue[] = [];
  /** ES #private: reachable only because the codec is generated inside the class body */
  #estimateHours: number;
  constructor(
    public project: Project, // back-reference: project -> issues -> issue -> project (a cycle)
    public title: string,
    public assignee: Person, // shared: several issues point at one Person
    estimateHours: number,
  ) {
    this.#estimateHours = estimateHours;
  }
  get estimate(): number {
    return this.#estimateHours;
  }
}

/** A subclass held where an Issue is expected comes back as the subclass. */
@Serializable({ name: 'ts7.Milestone' })
export class Milestone extends Issue {
  due = new Date(0);
}
