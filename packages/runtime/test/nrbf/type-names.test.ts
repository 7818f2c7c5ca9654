import { describe, expect, it } from 'vitest';
import { parseAssemblyName, parseTypeName } from '@weft/runtime';
import { thrown } from '../helpers';

describe('.NET type names', () => {
  it('reads a generic with assembly-qualified arguments', () => {
    const t = parseTypeName(
      'System.Collections.Generic.Dictionary`2[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089],[Shop.Order, Shop.Model, Version=1.2.3.4, Culture=neutral, PublicKeyToken=null]]',
    );
    expect(t.fullName).toBe('System.Collections.Generic.Dictionary`2');
    expect(t.namespace).toBe('System.Collections.Generic');
    expect(t.name).toBe('Dictionary');
    expect(t.assembly).toBeNull();
    expect(t.genericArguments.map((a) => [a.fullName, a.assembly?.name, a.assembly?.version])).toEqual([
      ['System.String', 'mscorlib', '4.0.0.0'],
      ['Shop.Order', 'Shop.Model', '1.2.3.4'],
    ]);
    expect(t.genericArguments[1]!.assembly).toEqual({ name: 'Shop.Model', version: '1.2.3.4', culture: 'neutral', publicKeyToken: 'null' });
  });

  it('reads nested types, arrays and an assembly-qualified top level', () => {
    const t = parseTypeName('Shop.Outer+Inner[][,], Shop, Version=1.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef');
    expect(t.fullName).toBe('Shop.Outer+Inner');
    expect(t.namespace).toBe('Shop');
    expect(t.name).toBe('Inner');
    expect(t.arrayRanks).toEqual([1, 2]);
    expect(t.assembly).toEqual({ name: 'Shop', version: '1.0.0.0', culture: 'neutral', publicKeyToken: '0123456789abcdef' });
    expect(parseTypeName('System.Int32[*]').arrayRanks).toEqual([1]);
    expect(parseTypeName('Box`1[System.Int32]').genericArguments[0]!.fullName).toBe('System.Int32');
    expect(parseTypeName('Top').namespace).toBe('');
    expect(parseTypeName('Ns.A\\+B').fullName).toBe('Ns.A+B');
  });

  it('reads generic arguments that are generic themselves', () => {
    const t = parseTypeName('System.Collections.Generic.List`1[[System.Collections.Generic.KeyValuePair`2[[System.Int32, mscorlib],[System.String, mscorlib]], mscorlib]]');
    const kv = t.genericArguments[0]!;
    expect(kv.name).toBe('KeyValuePair');
    expect(kv.assembly?.name).toBe('mscorlib');
    expect(kv.genericArguments.map((a) => a.fullName)).toEqual(['System.Int32', 'System.String']);
  });

  it('refuses malformed and hostile names with INVALID_VALUE, without deep recursion', () => {
    for (const bad of ['', 'A[[B', 'A[[B, C]', 'A[]x', 'A.', '+A', 'A[,', 'A\\']) {
      expect(thrown(() => parseTypeName(bad)).code, bad).toBe('INVALID_VALUE');
    }
    const deep = `${'A`1[['.repeat(40)}B${']]'.repeat(40)}`;
    const e = thrown(() => parseTypeName(deep));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('deeper than 16');
    expect(thrown(() => parseTypeName('A'.repeat(10_000))).code).toBe('INVALID_VALUE');
  });

  it('reads assembly names, ignoring unknown keys', () => {
    expect(parseAssemblyName('mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089, Retargetable=Yes')).toEqual({
      name: 'mscorlib',
      version: '4.0.0.0',
      culture: 'neutral',
      publicKeyToken: 'b77a5c561934e089',
    });
    expect(parseAssemblyName('Lib')).toEqual({ name: 'Lib' });
    expect(thrown(() => parseAssemblyName(' , Version=1')).code).toBe('INVALID_VALUE');
  });
});
