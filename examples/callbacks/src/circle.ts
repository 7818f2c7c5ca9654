import { NonSerialized, OnDeserialized, Serializable, type StreamingContext } from '@weft/runtime';

/** Only the radius travels; the area is derived, so it is recomputed after deserialization. */
@Serializable()
export class Circle {
  radius: number;
  @NonSerialized() area: number;

  constructor(radius: number) {
    this.radius = radius;
    this.area = Math.PI * radius * radius;
  }

  @OnDeserialized()
  private recomputeArea(_context: StreamingContext): void {
    this.area = Math.PI * this.radius * this.radius;
  }
}
