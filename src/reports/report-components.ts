import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { DETAIL_PAGE_LABELS, DETAIL_PAGE_NAMES, type DetailPageName } from './detail-pages.js';
import { encodeComponentId, type ReportRef } from './component-ids.js';

export type ReportComponentRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface ReportComponentOptions {
  /** Offer "Subscribe weekly here" (not on a weekly report: it is one). Default true. */
  subscribe?: boolean;
  /** Offer "Refresh" (default true). */
  refresh?: boolean;
}

/**
 * The buttons and the detail-page menu under a report. Each carries the
 * report's reference in its custom_id (custom-id.ts), so a click works after
 * a restart.
 */
export function reportComponents(ref: ReportRef, options: ReportComponentOptions = {}): ReportComponentRow[] {
  const id = (action: 'csv' | 'refresh' | 'subscribe' | 'page') => encodeComponentId({ ...ref, action });
  const buttons: APIComponentInMessageActionRow[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: id('csv'),
      label: 'Export CSV',
      emoji: { name: '📄' },
    },
  ];
  if (options.refresh ?? true)
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      custom_id: id('refresh'),
      label: 'Refresh',
      emoji: { name: '🔄' },
    });
  if (options.subscribe ?? true)
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Success,
      custom_id: id('subscribe'),
      label: 'Subscribe weekly here',
      emoji: { name: '📅' },
    });
  return [{ type: ComponentType.ActionRow, components: buttons }, detailPageMenu(ref)];
}

/** The detail-page menu alone; on a page itself, that page is shown as chosen (the menu then switches pages in place). */
export function detailPageMenu(ref: ReportRef, current?: DetailPageName): ReportComponentRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeComponentId({ ...ref, action: 'page' }),
        placeholder: current === undefined ? 'Open a detail page…' : 'Another detail page…',
        min_values: 1,
        max_values: 1,
        options: DETAIL_PAGE_NAMES.map((page) => ({
          value: page,
          ...DETAIL_PAGE_LABELS[page],
          ...(page === current ? { default: true } : {}),
        })),
      },
    ],
  };
}
