import type { ChartConfig } from './chart-config.js';
import { renderChartLocally } from './local-renderer.js';
import { QuickChartError, renderWithQuickChart, type QuickChartFailureKind } from './quickchart-renderer.js';
import { CHART_BACKGROUND, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './theme.js';

export interface RenderChartOptions {
  /** QUICKCHART_URL: https://quickchart.io or a self-hosted QuickChart. */
  quickchartUrl: string;
  /** QUICKCHART_TIMEOUT_MS: the whole QuickChart exchange, connect to last byte. */
  timeoutMs: number;
  width?: number;
  height?: number;
  backgroundColor?: string;
}

export type ChartRenderer = 'quickchart' | 'local';

export interface QuickChartFailure {
  kind: QuickChartFailureKind | 'unexpected';
  /** Safe to log: names the host, never credentials. */
  message: string;
}

export interface RenderedChart {
  png: Buffer;
  renderer: ChartRenderer;
  /** Why QuickChart was not used; set exactly when renderer is 'local'. */
  quickchartFailure?: QuickChartFailure;
}

/** Both renderers failed. The caller sends its report without the picture. */
export class ChartRenderError extends Error {
  constructor(
    readonly quickchartFailure: QuickChartFailure,
    options: { cause: unknown },
  ) {
    super(`Chart could not be rendered: ${quickchartFailure.message}; local renderer failed too`, options);
    this.name = 'ChartRenderError';
  }
}

/**
 * PNG of a chart config: QuickChart first (the configured instance renders
 * with its own fonts and takes the work off the bot's CPU), else Chart.js in
 * process, so a report keeps its picture when QuickChart is down, slow or
 * answers with something that is not a PNG.
 */
export async function renderChart(config: ChartConfig, options: RenderChartOptions): Promise<RenderedChart> {
  const size = {
    width: options.width ?? DEFAULT_CHART_WIDTH,
    height: options.height ?? DEFAULT_CHART_HEIGHT,
    backgroundColor: options.backgroundColor ?? CHART_BACKGROUND,
  };
  let quickchartFailure: QuickChartFailure;
  try {
    const png = await renderWithQuickChart(config, {
      quickchartUrl: options.quickchartUrl,
      timeoutMs: options.timeoutMs,
      ...size,
    });
    return { png, renderer: 'quickchart' };
  } catch (error) {
    quickchartFailure =
      error instanceof QuickChartError
        ? { kind: error.kind, message: error.message }
        : // Not expected (renderWithQuickChart maps every failure), but the fallback must still run.
          {
            kind: 'unexpected',
            message: `QuickChart request failed: ${error instanceof Error ? error.name : 'unknown error'}`,
          };
  }
  try {
    const png = await renderChartLocally(config, size);
    return { png, renderer: 'local', quickchartFailure };
  } catch (error) {
    throw new ChartRenderError(quickchartFailure, { cause: error });
  }
}
