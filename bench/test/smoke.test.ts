import { describe } from 'vitest';
import { smokeCases } from './smoke-cases.js';

const all = { graph: 'full', tree: 'full', small: 'full', numeric: 'full', strings: 'full', citm: 'full', twitter: 'full' } as const;

describe('bench smoke: every serializer case round-trips as the table claims', () => {
  smokeCases('hand', all);
  smokeCases('weft', all);
  smokeCases('weft-compact', all);
  smokeCases('v8', all);
  smokeCases('json', all);
  smokeCases('naive', all);
  // msgpackr's documented extension + structuredClone path drops the class of cycle targets
  // (orders on graph and small, events on citm)
  smokeCases('msgpackr-ext', {
    graph: { classLost: true },
    tree: 'full',
    small: { classLost: true },
    numeric: 'full',
    strings: 'full',
    citm: { classLost: true },
    twitter: 'full',
  });
  smokeCases('class-transformer', { tree: 'full', twitter: 'full' });
  // Fury decodes to plain objects; see src/serializers/fury.ts for its identity limits
  smokeCases('fury', {
    graph: { classLost: true, identityLost: true },
    tree: { classLost: true },
    small: { classLost: true },
    numeric: { classLost: true, valueDiffs: true },
    strings: { classLost: true },
    citm: { classLost: true, identityLost: true },
    twitter: { classLost: true },
  });
});
