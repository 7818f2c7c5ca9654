/** Where a serialized stream comes from or goes to (the .NET StreamingContextStates flags). */
export enum StreamingContextStates {
  CrossProcess = 0x01,
  CrossMachine = 0x02,
  File = 0x04,
  Persistence = 0x08,
  Remoting = 0x10,
  Other = 0x20,
  Clone = 0x40,
  CrossAppDomain = 0x80,
  All = 0xff,
}

/** Passed to every callback, getObjectData and deserialization constructor of one formatter call. */
export class StreamingContext {
  readonly state: StreamingContextStates;
  readonly context: unknown;
  constructor(state: StreamingContextStates = StreamingContextStates.All, context?: unknown) {
    this.state = state;
    this.context = context;
  }
}
