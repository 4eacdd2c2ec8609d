import type { Comparison } from '../analysis/compare.js';
import type { ChartConfig } from './chart-config.js';
import { bareHandle, formatInteger, formatPercent } from '../reports/format.js';
import { categoryAxis, palette, percentAxis, sharedOptions, subtitleOptions, titleOptions } from './theme.js';

/**
 * Each account's engagement-rate distribution side by side: a floating bar
 * from the lower to the upper quartile (the middle half of its videos) and a
 * marker at the median. The first account ("yours") is blue, the others
 * orange. An account with fewer than 4 analysed videos has no quartiles: only
 * its median is drawn, and its label says so.
 */
export function compareChartConfig(comparison: Comparison): ChartConfig {
  const accounts = comparison.accounts;
  const labels = accounts.map((account) => [
    `@${bareHandle(account.username)}`,
    `n=${formatInteger(account.analyzedCount)}`,
    account.medianEngagementRate === null ? 'no plays' : `median ${formatPercent(account.medianEngagementRate)}`,
  ]);
  const colors = accounts.map((_, i) => (i === 0 ? palette.top : palette.bottom));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: 'Middle half of videos (quartile 1 to 3)',
          // Floating bars: [low, high] per account.
          data: accounts.map((account) => (account.quartiles ? [account.quartiles.q25, account.quartiles.q75] : null)),
          backgroundColor: colors,
          borderRadius: 4,
          maxBarThickness: 72,
          order: 2,
        },
        {
          type: 'line',
          label: 'Median',
          data: accounts.map((account) => account.medianEngagementRate),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 22,
          pointBorderWidth: 4,
          borderColor: palette.text,
          backgroundColor: palette.text,
          order: 1,
        },
      ],
    },
    options: {
      ...sharedOptions(),
      plugins: {
        title: titleOptions('Engagement rate per video, account by account'),
        subtitle: subtitleOptions([
          'bar: middle half of the videos (25th to 75th percentile) · line: median',
          'blue: the first account, the one the others are compared with · orange: the others',
        ]),
        // Two datasets whose colours vary per account: the subtitle explains them, a legend could not.
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: categoryAxis(),
        y: percentAxis('Engagement rate'),
      },
    },
  };
}
