/**
 * `@weft/runtime/tooling`: what weft's own tools (the `weft` CLI in @weft/transformer) share
 * with the runtime, so that a schema, an inspection and the formatters follow one rule each.
 * Not part of the public API: its shape follows the tools and may change between versions.
 */
export { flattenOwnMembers, type FlattenedMember } from './engine/members.js';
export { MEMBER_KIND_NAMES, type MemberKindName } from './engine/member-kinds.js';
export { eachFrame, inspectFrames, framesToJson, type InspectedFrame } from './formatters/inspect.js';
export { printJson } from './json/text.js';
export { eachNrbfGraph } from './nrbf/decoder.js';
export {
  nrbfGraphToText,
  nrbfGraphToJson,
  nrbfToText,
  nrbfToJson,
  type NrbfInspectOptions,
  type NrbfInspectJson,
  type NrbfJson,
} from './nrbf/inspect.js';
