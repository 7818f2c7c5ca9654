// A "third-party" module: plain classes that know nothing about weft and are never compiled
// by its transformer (this file does not import @weft/runtime).
export class GeoPoint {
  constructor(
    readonly lat: number,
    readonly lon: number,
  ) {}
  toString(): string {
    return `${this.lat.toFixed(4)},${this.lon.toFixed(4)}`;
  }
}

export class Route {
  stops: GeoPoint[] = [];
  /** routes can loop back to each other */
  next: Route | null = null;
  constructor(readonly name: string) {}
}
