import { describe } from 'vitest';
import { smokeCases } from './smoke-cases.js';

// own file (own process): msgpackr extensions are process-global and the ext case registers some
describe('bench smoke: msgpackr records mode', () => {
  smokeCases('msgpackr-records', { tree: 'full', numeric: 'full', strings: 'full', twitter: 'full' });
});
