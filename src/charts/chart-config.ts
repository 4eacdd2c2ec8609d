import type { ChartConfiguration } from 'chart.js';

/**
 * A Chart.js 4 configuration as the builders produce it: plain JSON (no
 * functions, no undefined, no class instances), so the same object can be
 * POSTed to QuickChart or handed to a local Chart.js.
 */
export type ChartConfig = ChartConfiguration;
