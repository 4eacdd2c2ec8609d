import {
  Client,
  Events,
  GatewayIntentBits,
  Status,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { renderChart } from './charts/render.js';
import type { ChartConfig } from './charts/chart-config.js';
import { sharedRenders } from './charts/shared-renders.js';
import { componentHandlerFor } from './commands/components/index.js';
import type { CommandContext } from './commands/context.js';
import { Cooldowns } from './commands/cooldowns.js';
import { InteractionDelivery } from './commands/delivery.js';
import { COMMAND_NAME } from './commands/definitions.js';
import { refuseWhileStopping, replyWithError } from './commands/respond.js';
import { handlerFor } from './commands/retention/index.js';
import type { Config } from './config.js';
import { discordRestAgent } from './discord-rest-agent.js';
import { startHealthServer, type HealthServer } from './health/health-server.js';
import { readiness } from './health/readiness.js';
import { dataDirProblem } from './storage/index.js';
import type { Logger } from './logger.js';
import { operatorAlerts } from './ops-alerts.js';
import { discordPoster } from './scheduler/channel-poster.js';
import { WeeklyReporter } from './scheduler/weekly-reporter.js';
import type { Store } from './storage/index.js';
import { createCatalogService, RATE_WINDOW_MARGIN_MS, type CatalogService } from './tiktok/catalog-service.js';
import type { Clock } from './tiktok/clock.js';
import { SlidingWindowRateLimiter } from './tiktok/rate-limiter.js';
import { CreditBudget } from './usage/credit-budget.js';
import { respondToAutocomplete } from './commands/autocomplete/index.js';

/**
 * Wiring: the discord.js client, command routing and the services the
 * commands share. No business logic lives here.
 */

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** The opened data store (openStore); the bot closes it on stop. */
  store: Store;
  /** Default: a catalog service built from the config (one rate limiter per process). */
  catalogs?: CatalogService;
  /**
   * The bot's clock (tests: simulated). Without `catalogs`, the catalog service gets its own rate limiter on
   * this clock instead of the process-wide one.
   */
  clock?: Clock;
  now?: () => Date;
}

export interface RunningBot {
  client: Client<true>;
  context: CommandContext;
  /** The weekly reports; tick() is what the minute cron calls. */
  weekly: WeeklyReporter;
  /** The /healthz and /readyz server, when HEALTH_PORT is set. */
  health: HealthServer | undefined;
  /** Stops taking commands, aborts fetches and closes the gateway connection. */
  stop(): Promise<void>;
}

function chartRenderer(config: Config, logger: Logger): CommandContext['renderChart'] {
  return sharedRenders(async (chart: ChartConfig) => {
    try {
      const rendered = await renderChart(chart, {
        quickchartUrl: config.quickchart.url,
        timeoutMs: config.quickchart.timeoutMs,
      });
      if (rendered.quickchartFailure)
        logger.warn('chart.quickchart-unavailable', { reason: rendered.quickchartFailure.message, renderer: 'local' });
      return rendered;
    } catch (error) {
      logger.error('chart.failed', { error });
      return null;
    }
  });
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger, clock } = options;
  const now = options.now ?? (clock ? () => new Date(clock.now()) : () => new Date());
  const nowMs = () => now().getTime();
  // Created before the client so alerts raised while logging in are kept; they post once the client is ready.
  const ops: { client?: Client<true> } = {};
  const alerts = operatorAlerts({
    logger,
    now: nowMs,
    ...(config.opsChannelId !== undefined
      ? { post: (text) => postToOpsChannel(ops.client, config.opsChannelId!, text) }
      : {}),
  });
  options.store.health.onFault(({ error }) => {
    logger.error('storage.fault', { path: error.path, errno: error.errno, kind: error.kind });
    alerts.alert(
      'storage',
      `the bot cannot write its data folder (${error.summary}: ${error.errno} on ${error.path}). Free space or fix the mount or permissions; weekly reports are held back until then.`,
      { path: error.path, errno: error.errno },
    );
  });
  const onCredits = (remaining: number): void => {
    if (config.creditsAlertBelow > 0 && remaining < config.creditsAlertBelow) {
      alerts.alert(
        'credits-low',
        `Scavio reports ${remaining} credits left (alert threshold SCAVIO_CREDITS_ALERT_BELOW=${config.creditsAlertBelow}). Top up at https://dashboard.scavio.dev/billing.`,
        { remaining },
      );
    }
  };
  // Server budgets, enforced by the catalog service before every new fetch (commands, buttons, compare).
  const creditBudget = options.catalogs ? undefined : new CreditBudget({ guilds: options.store.guilds, now, logger });
  const deliveries = new WeakMap<ChatInputCommandInteraction, InteractionDelivery>();
  const context: CommandContext = {
    config,
    logger,
    catalogs:
      options.catalogs ??
      createCatalogService(config, {
        onCredits,
        ...(creditBudget ? { spendGuard: creditBudget } : {}),
        ...(clock
          ? {
              clock,
              limiter: new SlidingWindowRateLimiter({
                limit: config.scavio.ratePerMinute,
                marginMs: RATE_WINDOW_MARGIN_MS,
                clock,
              }),
            }
          : {}),
      }),
    store: options.store,
    cooldowns: new Cooldowns(config.analyzeCooldownSeconds, nowMs),
    ...(creditBudget ? { creditBudget } : {}),
    renderChart: chartRenderer(config, logger),
    now,
    // This server's own threshold (/retention settings), else the bot's.
    compareConfirmAboveCredits: (guildId) =>
      (guildId === null ? undefined : options.store.guilds.compareConfirmAboveCredits(guildId)) ??
      config.compareConfirmAboveCredits,
    alerts,
    delivery(interaction) {
      let delivery = deliveries.get(interaction);
      if (!delivery) {
        // Interaction timestamps come from Discord's clock: compared with the real one (or the injected clock), not `now`.
        delivery = new InteractionDelivery(interaction, clock ? () => clock.now() : Date.now, logger);
        deliveries.set(interaction, delivery);
      }
      return delivery;
    },
  };

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot sends pings anyone unless a message names whom (a username typed as @everyone stays text).
    allowedMentions: { parse: [] },
    rest: { agent: discordRestAgent(), ...(config.discord.apiBase ? { api: config.discord.apiBase } : {}) },
  });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.on(Events.InteractionCreate, (interaction) => {
    // While shutting down no work starts, but nobody is left without an answer (stop() waits for it).
    const handled = (
      stopping ? refuseWhileStopping(interaction, logger) : handleInteraction(interaction, context)
    ).finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  client.on(Events.Error, (error) => logger.error('discord.error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord.warning', { message }));

  let weekly: WeeklyReporter | undefined = undefined;
  // Up before the login, so a probe sees "alive, not ready yet" while the bot connects.
  const health =
    config.health.port === undefined
      ? undefined
      : await startHealthServer({
          host: config.health.host,
          port: config.health.port,
          readiness: async () =>
            readiness({
              // Per shard: the manager's own status stays Ready after a shard's connection drops.
              gatewayConnected:
                client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready),
              // The last write's fault (a full disk shows only there), else a cheap look at the folder.
              storeProblem: options.store.health.fault?.error.message ?? (await dataDirProblem(options.store.dir)),
              lastTickAt: weekly?.lastTickAt,
              now: now(),
            }),
        });
  if (health) logger.info('health.listening', { url: health.url });

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(config.discord.token);
  } catch (error) {
    await health?.close();
    throw error;
  }
  const readyClient = await ready;
  ops.client = readyClient;
  logger.info('bot.ready', { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size });

  weekly = new WeeklyReporter({
    store: context.store,
    catalogs: context.catalogs,
    poster: discordPoster(readyClient),
    renderChart: context.renderChart,
    logger,
    now,
    analysisTimeZone: config.defaultTimeZone,
    alerts,
    reportMaxVideos: config.scavio.maxVideos,
  });
  // Starts the minute tick and catches up on a week missed while the bot was down.
  weekly.start();

  const reporter = weekly;
  return {
    client: readyClient,
    context,
    weekly: reporter,
    health,
    async stop() {
      stopping = true;
      context.catalogs.close();
      await reporter.stop();
      // Let handlers that are mid-reply finish (fetches were aborted just above), and the "restarting" answers
      // to interactions that arrive meanwhile.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await client.destroy();
      await context.store.close();
      await health?.close();
      logger.info('bot.stopped');
    },
  };
}

/** Routes one interaction; never throws (an unanswered interaction or a crash is the worst outcome). */
export async function handleInteraction(interaction: Interaction, context: CommandContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (interaction.commandName === COMMAND_NAME) await respondToAutocomplete(interaction, context);
    return;
  }
  if (interaction.isButton() || interaction.isStringSelectMenu())
    return componentHandlerFor(interaction.customId)?.(interaction, context);
  if (!interaction.isChatInputCommand() || interaction.commandName !== COMMAND_NAME) return;
  const started = Date.now();
  const subcommand = interaction.options.getSubcommand(false);
  context.logger.info('command.received', {
    interactionId: interaction.id,
    subcommand,
    user: interaction.user.id,
    guild: interaction.guildId,
  });
  try {
    const handler = handlerFor(interaction);
    if (handler === undefined) throw new Error(`no handler for /${COMMAND_NAME} ${subcommand}`);
    await handler(interaction, context);
    context.logger.info('command.completed', {
      interactionId: interaction.id,
      subcommand,
      durationMs: Date.now() - started,
    });
  } catch (error) {
    await replyWithError(interaction, error, context.logger, {
      alerts: context.alerts,
      delivery: context.delivery(interaction),
    });
  }
}

/** Posts an operator alert to OPS_CHANNEL_ID (only the bot's own text: nobody is pinged). */
async function postToOpsChannel(client: Client<true> | undefined, channelId: string, text: string): Promise<void> {
  if (client === undefined) throw new Error('the Discord client is not ready yet');
  const channel = await client.channels.fetch(channelId);
  if (channel === null || !channel.isSendable())
    throw new Error(`OPS_CHANNEL_ID ${channelId} is not a channel the bot can post in`);
  await channel.send({ content: text });
}
