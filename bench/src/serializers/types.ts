import type { Workload, WorkloadName } from '../workloads.js';

export type Encoded = Uint8Array | string;

export interface Codec {
  serialize(root: unknown): Encoded;
  deserialize(data: Encoded): unknown;
}

export interface SerializerCase {
  /** stable id used on the command line and in the results */
  id: string;
  /** label for the table */
  label: string;
  /** false, or the reason the case does not run on this workload */
  skip(w: WorkloadName): string | false;
  /** builds the codec for one workload (load the peer library, register classes, ...) */
  create(w: Workload): Promise<Codec>;
}

/** output size in bytes (strings: UTF-8 length, what goes on the wire) */
export function byteSize(e: Encoded): number {
  return typeof e === 'string' ? Buffer.byteLength(e, 'utf8') : e.byteLength;
}
