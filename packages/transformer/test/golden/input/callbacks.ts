import { OnDeserialized, OnSerializing, Serializable, StreamingContext } from '@weft/runtime';

@Serializable()
export class Circle {
  radius = 1;
  area = 0;
  @OnSerializing() prepare(context: StreamingContext): void {
    void context;
  }
  @OnDeserialized() #recompute(_context: StreamingContext): void {
    this.area = Math.PI * this.radius ** 2;
  }
}
