import { describe, expect, it } from 'vitest';
import type { ChartConfig } from '../../src/charts/chart-config.js';
import { sharedRenders } from '../../src/charts/shared-renders.js';

const chart = (label: string): ChartConfig => ({ type: 'bar', data: { labels: [label], datasets: [{ data: [1] }] } });

describe('sharedRenders', () => {
  it('renders identical configs once, different configs each, and again after the ttl', async () => {
    let now = 0;
    const rendered: string[] = [];
    const render = sharedRenders(
      (config) => {
        rendered.push(String(config.data.labels?.[0]));
        return Promise.resolve(`png of ${String(config.data.labels?.[0])}`);
      },
      { ttlMs: 1000, nowMs: () => now },
    );
    const results = await Promise.all([render(chart('a')), render(chart('a')), render(chart('b')), render(chart('a'))]);
    expect(results).toEqual(['png of a', 'png of a', 'png of b', 'png of a']);
    expect(rendered).toEqual(['a', 'b']);
    now = 1000;
    await render(chart('a'));
    expect(rendered).toEqual(['a', 'b', 'a']);
  });

  it('does not keep a failed rendering, and keeps at most maxEntries charts', async () => {
    let calls = 0;
    const render = sharedRenders(
      (config) => {
        calls++;
        if (config.data.labels?.[0] === 'broken' && calls === 1) return Promise.reject(new Error('renderer down'));
        return Promise.resolve(calls);
      },
      { maxEntries: 2 },
    );
    await expect(render(chart('broken'))).rejects.toThrow('renderer down');
    expect(await render(chart('broken'))).toBe(2);
    await render(chart('x'));
    await render(chart('y')); // 'broken' is now the oldest of three: dropped
    expect(await render(chart('broken'))).toBe(5);
  });
});
