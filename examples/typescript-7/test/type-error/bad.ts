// Deliberately wrong: the test expects TypeScript 7 to reject this file with TS2322, which it can
// only report after reading @weft/runtime's declarations (a wire name is a string).
import { Serializable } from '@weft/runtime';

@Serializable({ name: 42 })
export class Wrong {}
