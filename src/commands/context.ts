import type { ChatInputCommandInteraction } from 'discord.js';
import type { ChartConfig } from '../charts/chart-config.js';
import type { RenderedChart } from '../charts/render.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/index.js';
import type { CatalogService } from '../tiktok/catalog-service.js';
import type { CreditBudget } from '../usage/credit-budget.js';
import type { OperatorAlerts } from '../ops-alerts.js';
import type { Cooldowns } from './cooldowns.js';
import type { InteractionDelivery } from './delivery.js';

/** What every command handler gets: the bot's services, nothing global. */
export interface CommandContext {
  config: Config;
  catalogs: CatalogService;
  store: Store;
  logger: Logger;
  cooldowns: Cooldowns;
  /** The server budgets the catalog service enforces (absent when a test injects its own service). */
  creditBudget?: CreditBudget;
  // Plain functions rather than methods: they need no `this`, and the bot and handlers pass them on as callbacks.
  /** Renders a chart to PNG; null when no renderer could (the report goes out without it). */
  renderChart: (config: ChartConfig) => Promise<RenderedChart | null>;
  now: () => Date;
  /** Tells the operator what only they can fix (log + OPS_CHANNEL_ID). */
  alerts: OperatorAlerts;
  /**
   * Credits above which /retention compare asks before fetching: COMPARE_CONFIRM_ABOVE_CREDITS. The one place
   * that answers it, so a per-server setting can override it here.
   */
  compareConfirmAboveCredits: (guildId: string | null) => number;
  /** Where an interaction's final answer goes (the interaction, or the channel past the token's life). */
  delivery: (interaction: ChatInputCommandInteraction) => InteractionDelivery;
}

/** A subcommand handler: parse the options, call the services, reply. */
export type SubcommandHandler<Context = CommandContext> = (
  interaction: ChatInputCommandInteraction,
  context: Context,
) => Promise<void>;
