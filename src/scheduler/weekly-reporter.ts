import { AttachmentBuilder, type APIEmbed, type MessageCreateOptions } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import type { Analysis } from '../analysis/types.js';
import { diffSnapshots, isoWeek, trendPointsFromSnapshots, type Snapshot } from '../analysis/snapshot.js';
import type { ChartConfig } from '../charts/chart-config.js';
import type { RenderedChart } from '../charts/render.js';
import { trendChartConfig } from '../charts/trend.js';
import { UserFacingError, isOperatorOnly, isUserFacingError, memberMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OperatorAlerts } from '../ops-alerts.js';
import { analysisReport } from '../reports/analysis-embed.js';
import { incompleteSentence } from '../reports/catalog-notes.js';
import { fitEmbeds } from '../reports/discord-limits.js';
import { lateNotice, weeklyReport, weeklyThreadName } from '../reports/weekly-report.js';
import { analyzeAccount, type AccountAnalysis } from '../retention/analyze-account.js';
import { recordSnapshot } from '../retention/record-snapshot.js';
import { StorageFaultError, type Store, type Subscription } from '../storage/index.js';
import type { Catalog } from '../tiktok/catalog.js';
import type { CatalogService } from '../tiktok/catalog-service.js';
import { reportComponents } from '../reports/report-components.js';
import { ChannelUnavailableError, type ReportPoster } from './channel-poster.js';
import { dueSlot } from './due.js';
import { RunQueue } from './run-queue.js';
import { weeklyNonce } from './weekly-nonce.js';

/**
 * Weekly reports. A node-cron task ticks every minute; a tick only finds the
 * subscriptions that are due and enqueues one run per account, so one fetch
 * serves every channel subscribed to that account. A run fetches the catalog
 * (through the process-wide rate limiter), stores a snapshot, and posts the
 * diff against the previous snapshot to each channel, with a thread.
 *
 * Each subscription's last run (its scheduled slot) is persisted, so a
 * restart neither repeats a report nor loses one: the tick run at start
 * catches up on a missed week, once, marked late.
 */

export const TREND_CHART_FILE = 'trend.png';
/**
 * Fetch failures that usually clear up (provider down after the client's own
 * retries, rate limit still exhausted): the week's run is tried again after
 * these delays before it counts as failed.
 */
const TRANSIENT_FETCH_FAILURES = new Set(['scavio.unavailable', 'scavio.rate_limited', 'scavio.incomplete']);
export const FETCH_RETRY_DELAYS_MS: readonly number[] = [15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
/** A data folder that cannot be written is checked again after this long. */
const STORAGE_RETRY_MS = 5 * 60_000;
/** Every minute: due times are minute-precise. */
export const TICK_SCHEDULE = '* * * * *';

export interface WeeklyReporterOptions {
  store: Store;
  catalogs: CatalogService;
  poster: ReportPoster;
  renderChart(config: ChartConfig): Promise<RenderedChart | null>;
  logger: Logger;
  now(): Date;
  /** Time zone of the posting-time breakdown in the analysis behind each snapshot. */
  analysisTimeZone: string;
  alerts?: OperatorAlerts;
  /**
   * The video limit weekly fetches use (the catalog service's default, MAX_VIDEOS). When set, each post
   * carries the report's Export CSV button and detail-page menu, which refetch with this limit.
   */
  reportMaxVideos?: number;
}

/** The rate limiter's lane of weekly runs: served in turn with the servers' own commands. */
export const WEEKLY_LANE = 'weekly';

interface DueRun {
  subscription: Subscription;
  slot: Date;
  late: boolean;
}

export interface AccountRunResult {
  username: string;
  posted: number;
  failed: number;
}

export class WeeklyReporter {
  readonly #queue = new RunQueue();
  /**
   * Whether each due (subscription, slot) was late when a tick first found it.
   * Lateness is judged then, not when the run gets its turn: "late" tells the
   * team the bot was offline at the slot, and a run enqueued on time may wait
   * hours behind other accounts' rate-limited fetches (100 accounts at 5 calls
   * a minute take about 3 hours).
   */
  readonly #lateWhenFound = new Map<string, boolean>();
  /** Accounts whose fetch failed for a passing reason: how often, and not to try before when. */
  readonly #fetchRetries = new Map<string, { failures: number; notBeforeMs: number }>();
  #task: ScheduledTask | undefined;

  #lastTickAt: Date | undefined;

  constructor(private readonly options: WeeklyReporterOptions) {}

  /** When the scheduler last looked for due reports (the readiness probe checks it is recent). */
  get lastTickAt(): Date | undefined {
    return this.#lastTickAt;
  }

  /** Starts the minute tick and catches up at once on anything missed while the bot was down. */
  start(): void {
    this.#task = cron.schedule(TICK_SCHEDULE, () => void this.tick(), { name: 'weekly-reports', noOverlap: true });
    // Said when done, so an operator (and the crash test) can tell that the catch-up after a restart finished.
    void this.tick().then((results) => this.options.logger.info('weekly.catch-up-done', { runs: results.length }));
  }

  async stop(): Promise<void> {
    await this.#task?.destroy();
    this.#task = undefined;
    await this.#queue.onIdle();
  }

  /** Resolves once every queued run has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#queue.onIdle();
  }

  /** The subscriptions due now, grouped by account. */
  dueRuns(now: Date = this.options.now()): Map<string, DueRun[]> {
    const byAccount = new Map<string, DueRun[]>();
    for (const subscription of this.options.store.subscriptions.listAll()) {
      if (subscription.paused !== null) continue;
      const due = dueSlot(
        subscription,
        subscription.lastRunAt === null ? null : new Date(subscription.lastRunAt),
        new Date(subscription.scheduledSince),
        now,
      );
      if (due === null) continue;
      const runs = byAccount.get(subscription.username) ?? [];
      runs.push({ subscription, ...due });
      byAccount.set(subscription.username, runs);
    }
    return byAccount;
  }

  /**
   * Enqueues a run per account with due subscriptions; returns the runs'
   * promises (the cron callback ignores them: runs log their own failures).
   */
  tick(): Promise<AccountRunResult[]> {
    this.#lastTickAt = this.options.now();
    const due = this.dueRuns();
    const dueNow = new Set<string>();
    for (const run of [...due.values()].flat()) {
      const key = dueKey(run);
      dueNow.add(key);
      if (!this.#lateWhenFound.has(key)) this.#lateWhenFound.set(key, run.late);
    }
    // Forget runs no longer due (paused or removed while queued): the maps stay as small as the queue.
    for (const key of this.#lateWhenFound.keys()) if (!dueNow.has(key)) this.#lateWhenFound.delete(key);
    for (const username of this.#fetchRetries.keys()) if (!due.has(username)) this.#fetchRetries.delete(username);
    const nowMs = this.options.now().getTime();
    const ready = [...due.keys()].filter((username) => (this.#fetchRetries.get(username)?.notBeforeMs ?? 0) <= nowMs);
    const runs = ready.map((username) =>
      // Keyed by account: a tick while a run is in progress does not start it twice.
      this.#queue
        .enqueue(username, () => this.#runAccount(username))
        .catch((error: unknown) => {
          this.options.logger.error('weekly.run-crashed', { username, error });
          return { username, posted: 0, failed: 0 };
        }),
    );
    return Promise.all(runs);
  }

  async #runAccount(username: string): Promise<AccountRunResult> {
    const { store, logger } = this.options;
    // Re-read what is due now that this run has its turn: an earlier run may have handled some.
    const due = (this.dueRuns().get(username) ?? []).map((run) => ({
      ...run,
      late: this.#lateWhenFound.get(dueKey(run)) ?? run.late,
    }));
    if (due.length === 0) return { username, posted: 0, failed: 0 };
    const started = Date.now();

    try {
      // A report that could not be saved would be fetched (and paid for) again and again: check first.
      await store.checkWritable();
    } catch (error) {
      if (!(error instanceof StorageFaultError)) throw error;
      // Still due: tried again later; /retention subscriptions shows the fault meanwhile.
      this.#fetchRetries.set(username, { failures: 0, notBeforeMs: this.options.now().getTime() + STORAGE_RETRY_MS });
      logger.error('weekly.storage-fault', {
        username,
        path: error.path,
        errno: error.errno,
        retryInMs: STORAGE_RETRY_MS,
      });
      return { username, posted: 0, failed: 0 };
    }

    let result: AccountAnalysis;
    try {
      // Always fresh: a weekly report must not show a cached catalog from an hour ago.
      result = await analyzeAccount(
        this.options.catalogs,
        username,
        { refresh: true, lane: WEEKLY_LANE },
        { timeZone: this.options.analysisTimeZone },
      );
      // A partial catalog is never stored as the week's snapshot (its diff would show videos "lost"): retried like an outage.
      const incomplete = incompleteSentence(result.catalog);
      if (incomplete !== null)
        throw new UserFacingError(`Scavio's catalog of @${username} was ${incomplete}.`, 'scavio.incomplete');
    } catch (error) {
      if (isUserFacingError(error) && error.code === 'service.closed') {
        // Shutting down: leave the run due, so it happens (late) after the restart instead of being lost.
        logger.info('weekly.run-deferred', { username, reason: 'shutdown' });
        return { username, posted: 0, failed: 0 };
      }
      const failures = (this.#fetchRetries.get(username)?.failures ?? 0) + 1;
      const retryInMs =
        isUserFacingError(error) && TRANSIENT_FETCH_FAILURES.has(error.code)
          ? FETCH_RETRY_DELAYS_MS[failures - 1]
          : undefined;
      if (retryInMs !== undefined) {
        // Still due: a later tick tries again, and the report goes out late rather than not at all.
        this.#fetchRetries.set(username, { failures, notBeforeMs: this.options.now().getTime() + retryInMs });
        logger.warn('weekly.fetch-retry-later', { username, failures, retryInMs, error });
        return { username, posted: 0, failed: 0 };
      }
      this.#fetchRetries.delete(username);
      // Shown to the server in /retention subscriptions: an operator-only problem is told to the operator instead.
      if (isOperatorOnly(error)) this.options.alerts?.alert('provider-key', (error as Error).message);
      const message = isUserFacingError(error)
        ? memberMessage(error)
        : 'the catalog could not be fetched (unexpected error, see the logs)';
      logger.warn('weekly.fetch-failed', { username, error });
      for (const run of due) await this.#record(run, false, `Not posted: ${message}`);
      return { username, posted: 0, failed: due.length };
    }
    this.#fetchRetries.delete(username);

    try {
      return await this.#report(username, due, result);
    } catch (error) {
      // The catalog was fetched but the report could not be stored or posted (a disk error, a bug).
      // Record the week as failed, and hold the account back, so a tick does not fetch (and pay) again every minute.
      logger.error('weekly.report-failed', { username, error });
      this.#fetchRetries.set(username, {
        failures: FETCH_RETRY_DELAYS_MS.length,
        notBeforeMs: this.options.now().getTime() + FETCH_RETRY_DELAYS_MS[0]!,
      });
      for (const run of due)
        await this.#record(run, false, 'Not posted: the report could not be prepared (see the logs)').catch(
          () => undefined,
        );
      return { username, posted: 0, failed: due.length };
    } finally {
      logger.info('weekly.run-done', {
        username,
        channels: due.length,
        calls: result.catalog.source.calls,
        durationMs: Date.now() - started,
      });
    }
  }

  /** Stores this week's snapshot, then posts the report to every due channel. */
  async #report(username: string, due: readonly DueRun[], result: AccountAnalysis): Promise<AccountRunResult> {
    const { store, logger } = this.options;
    const timeZone = this.options.analysisTimeZone;
    const { catalog, analysis } = result;
    const takenAt = this.options.now();
    // Weeks are labelled in one zone (DEFAULT_TIMEZONE), as in /retention history, so chart and title agree.
    const week = isoWeek(takenAt, timeZone);
    // One weekly snapshot per account and week: a rerun of the week (after a crash) replaces it and compares
    // with the same earlier snapshot the first attempt did.
    const previous = store.snapshots.latestOutside(username, week);
    const snapshot = await recordSnapshot(store.snapshots, username, result, takenAt, { week });

    const chart = await this.options.renderChart(
      trendChartConfig(trendPointsFromSnapshots(store.snapshots.history(username), timeZone), { username }),
    );
    let posted = 0;
    for (const run of due) {
      const message = this.#message(run, { username, week, catalog, previous, snapshot, chart, analysis });
      const { subscription } = run;
      const nonce = weeklyNonce(subscription.id, run.slot);
      // Started before (a crash or kill came between sending and recording): the post may already be there.
      const resumed = subscription.pending?.slot === run.slot.toISOString();
      try {
        if (!resumed)
          await store.subscriptions.markStarted(subscription.id, { slot: run.slot, nonce, at: this.options.now() });
        const result = await this.options.poster.postWithThread(
          { guildId: subscription.guildId, channelId: subscription.channelId },
          message,
          weeklyThreadName(username, week),
          { nonce, ...(resumed ? { lookFirst: { since: run.slot } } : {}) },
        );
        posted++;
        await this.#record(run, true, result.threadProblem ? `Posted; ${result.threadProblem}` : undefined);
        logger.info('weekly.posted', {
          username,
          subscription: run.subscription.id,
          channel: run.subscription.channelId,
          late: run.late,
          thread: result.threadId,
          ...(result.found ? { foundAfterRestart: true } : {}),
        });
      } catch (error) {
        if (error instanceof ChannelUnavailableError) {
          await store.subscriptions.pause(run.subscription.id, error.reason, this.options.now());
          await this.#record(run, false, `Paused: ${error.reason}`);
          logger.warn('weekly.paused', {
            username,
            subscription: run.subscription.id,
            channel: run.subscription.channelId,
            reason: error.reason,
          });
        } else {
          await this.#record(run, false, 'Not posted: Discord refused the message (see the logs)');
          logger.error('weekly.post-failed', { username, subscription: run.subscription.id, error });
        }
      }
    }
    return { username, posted, failed: due.length - posted };
  }

  #message(
    run: DueRun,
    data: {
      username: string;
      week: string;
      catalog: Catalog;
      previous: Snapshot | null;
      snapshot: Snapshot;
      chart: RenderedChart | null;
      analysis: Analysis;
    },
  ): MessageCreateOptions {
    const files = data.chart ? [new AttachmentBuilder(data.chart.png, { name: TREND_CHART_FILE })] : [];
    let embeds: APIEmbed[];
    if (data.previous === null) {
      // No baseline (it could not be taken at subscribe time): this week's analysis, and the diff starts next week.
      const report = analysisReport(data.catalog, data.analysis, { now: this.options.now() });
      embeds = report.embeds.map((embed, i) =>
        i === 0
          ? {
              ...embed,
              title: weeklyThreadName(data.username, data.week),
              description: [
                run.late ? lateNotice(run.slot) : null,
                "First weekly snapshot: next week's report will show what changed.",
                embed.description ?? '',
              ]
                .filter((line) => line !== null)
                .join('\n\n'),
            }
          : embed,
      );
      if (data.chart) embeds.push({ image: { url: `attachment://${TREND_CHART_FILE}` } });
      embeds = fitEmbeds(embeds);
    } else {
      embeds = weeklyReport(diffSnapshots(data.previous, data.snapshot), {
        username: data.username,
        week: data.week,
        late: run.late ? { slot: run.slot } : null,
        ...(data.chart ? { trendChartFileName: TREND_CHART_FILE } : {}),
        catalogSource: data.catalog.source,
        captions: new Map(data.catalog.videos.map((video) => [video.id, video.caption])),
        now: this.options.now(),
        analysis: data.analysis,
      }).embeds;
    }
    const maxVideos = this.options.reportMaxVideos;
    // No Refresh (it would turn the weekly diff into an analysis) and no Subscribe (this is the subscription).
    const components =
      maxVideos === undefined
        ? []
        : reportComponents(
            { username: data.username, maxVideos, minAgeDays: 0, issuedAtMs: this.options.now().getTime() },
            { refresh: false, subscribe: false },
          );
    return { embeds, files, ...(components.length > 0 ? { components } : {}) };
  }

  async #record(run: DueRun, ok: boolean, message: string | undefined): Promise<void> {
    await this.options.store.subscriptions.markRun(run.subscription.id, {
      slot: run.slot,
      ok,
      at: this.options.now(),
      ...(message !== undefined ? { message } : {}),
    });
    this.#lateWhenFound.delete(dueKey(run));
  }
}

function dueKey(run: DueRun): string {
  return `${run.subscription.id}@${run.slot.toISOString()}`;
}
