import { DotNetName, DotNetType, Serializable } from '@weft/runtime';
import type { Double, Guid, Int32, Dictionary, List, Nullable } from '@weft/runtime/dotnet';
import { DateTime } from '@weft/runtime/dotnet';

// Written as .NET (NrbfFormatter): every member declares its .NET type, from weft's .NET types,
// @DotNetType, or an unambiguous TypeScript type (string, Date, a @Serializable class...).
@Serializable({ name: 'Shop.Order', assembly: 'Shop', dotnet: true })
export class Order {
  id: Int32 = 0;
  @DotNetName('m_total') total: Double = 0;
  reference: Guid = '';
  customer: Customer | null = null;
  lines: List<Line> = [];
  quantities: Dictionary<string, Int32> = new Map();
  tags: readonly string[] = [];
  codes: Set<Int32> = new Set();
  placed: Date | null = null;
  shipped: Nullable<DateTime> = null;
  paid: boolean = false;
  photo?: Uint8Array;
  @DotNetType('int[,]') grid: number[][] = [];
}

// Not written as .NET: only members whose code names a .NET type declare one.
@Serializable({ name: 'Shop.Line', assembly: 'Shop' })
export class Line {
  sku: string = '';
  quantity: Int32 = 0;
  price = 0;
  @DotNetType('decimal') discount = 0;
}

@Serializable()
export class Customer {
  name = '';
}
