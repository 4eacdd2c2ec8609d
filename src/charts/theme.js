import { bareHandle } from '../reports/format.js';
/**
 * One dark theme for every chart, tuned to sit inside a Discord embed on the
 * dark theme (and still read on the light one, since the image carries its own
 * background). Only plain values here: configs are sent to QuickChart as JSON.
 *
 * Colours are a blue/orange pair for top vs bottom so the comparison survives
 * red-green colour blindness.
 */
export const CHART_BACKGROUND = '#1e1f22';
export const DEFAULT_CHART_WIDTH = 800;
export const DEFAULT_CHART_HEIGHT = 450;
export const palette = {
    text: '#dbdee1',
    mutedText: '#949ba4',
    grid: 'rgba(255, 255, 255, 0.09)',
    primary: '#5b8def',
    highlight: '#3ddc97',
    faded: '#4e5058',
    top: '#5b8def',
    bottom: '#f29d49',
    reference: '#f0b232',
    share: '#f29d49',
    volume: 'rgba(148, 155, 164, 0.18)',
};
/**
 * DejaVu Sans is what this project's machines have for local rendering; the
 * rest are what QuickChart's own image has.
 */
const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";
const baseFont = { family: FONT_FAMILY, size: 15 };
/** A chart title naming the account: 'Weekly retention trend — @chefmaya'; the bare title without one. */
export function titleWithHandle(title, username) {
    const handle = username === undefined ? '' : bareHandle(username);
    return handle === '' ? title : `${title} — @${handle}`;
}
export function titleOptions(text) {
    return {
        display: true,
        text,
        color: palette.text,
        font: { family: FONT_FAMILY, size: 21, weight: 'bold' },
        padding: { top: 4, bottom: 4 },
    };
}
/** One line per entry: Chart.js draws an array as stacked lines. */
export function subtitleOptions(text) {
    return {
        display: true,
        text,
        color: palette.mutedText,
        font: { family: FONT_FAMILY, size: 14 },
        padding: { bottom: 12 },
    };
}
export function legendOptions() {
    return {
        display: true,
        position: 'bottom',
        labels: { color: palette.text, font: baseFont, boxWidth: 14, boxHeight: 14, padding: 16 },
    };
}
/** A category axis whose labels may be two lines ([name, detail]). */
export function categoryAxis() {
    return {
        type: 'category',
        grid: { display: false },
        border: { color: palette.grid },
        ticks: { color: palette.text, font: baseFont, maxRotation: 0, autoSkip: true },
    };
}
/**
 * Ticks of rates stored as fractions (0.0712), labelled as percentages
 * through Intl.NumberFormat options rather than a tick callback, which could
 * not travel as JSON.
 */
export function percentTicks(color = palette.mutedText) {
    return {
        color,
        font: baseFont,
        // Chart.js sets minimumFractionDigits from the tick step (0.01 -> 2, i.e. "10.00%"); 0 keeps "10%".
        format: { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 2 },
    };
}
export function axisTitle(text, color = palette.mutedText) {
    return { display: true, text, color, font: baseFont };
}
/** A linear axis of rates (see percentTicks); `color` tints its ticks and title, to tie it to its line. */
export function percentAxis(title, position = 'left', color = palette.mutedText) {
    return {
        type: 'linear',
        position,
        beginAtZero: true,
        grace: '8%',
        grid: { color: palette.grid, drawOnChartArea: position === 'left' },
        border: { display: false },
        ticks: percentTicks(color),
        title: axisTitle(title, color),
    };
}
/** Options every chart shares; rendering-only settings (animation, responsive) are the renderer's. */
export function sharedOptions() {
    return {
        color: palette.text,
        font: baseFont,
        layout: { padding: { top: 8, right: 16, bottom: 8, left: 8 } },
    };
}
//# sourceMappingURL=theme.js.map