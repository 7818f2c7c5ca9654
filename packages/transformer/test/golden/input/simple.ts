import { Serializable } from '@weft/runtime';

@Serializable()
export class Point {
  x = 0;
  y = 0;
  label?: string;
}
