/** Charts: Chart.js 4 configs built from an Analysis (or weekly trend points) and their rendering to PNG. */
export type { ChartConfig } from './chart-config.js';
export { durationChartConfig, MIN_VIDEOS_PER_RELIABLE_BAR, type DurationChartOptions } from './duration.js';
export { tierChartConfig, TIER_CHART_RATES, type TierChartOptions } from './tiers.js';
export { trendChartConfig, type TrendPoint, type TrendChartOptions } from './trend.js';
export {
  renderChart,
  ChartRenderError,
  type ChartRenderer,
  type QuickChartFailure,
  type RenderChartOptions,
  type RenderedChart,
} from './render.js';
export { QuickChartError, type QuickChartFailureKind } from './quickchart-renderer.js';
export { renderChartLocally, LOCAL_RENDERER_SOFTWARE, type LocalRenderOptions } from './local-renderer.js';
export { isPng, pngSize, type PngSize } from './png.js';
export { CHART_BACKGROUND, DEFAULT_CHART_WIDTH, DEFAULT_CHART_HEIGHT } from './theme.js';
