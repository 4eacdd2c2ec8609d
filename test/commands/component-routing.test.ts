import { describe, expect, it } from 'vitest';
import { componentHandlerFor, handleReportComponent } from '../../src/commands/components/index.js';
import { encodeComponentId } from '../../src/reports/component-ids.js';

describe('component routing by custom_id namespace', () => {
  it('sends report ids (every layout version) to the report handler and leaves other ids alone', () => {
    const id = encodeComponentId({ action: 'csv', username: 'chefmaya', maxVideos: 300, minAgeDays: 0, issuedAtMs: 0 });
    expect(componentHandlerFor(id)).toBe(handleReportComponent);
    expect(componentHandlerFor('rt0:c:chefmaya:300:0::0')).toBe(handleReportComponent);
    for (const other of ['confirm:abc', 'refresh', '', 'constructor:x', '__proto__:x', 'RT1:c'])
      expect(componentHandlerFor(other), other).toBeUndefined();
  });
});
