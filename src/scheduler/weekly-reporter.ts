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
import { isValidTimeZone } from '../time-zone-setting.js';
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
  /** Due (subscription, slot) runs whose post failed for a passing reason (Discord 5xx, network): how often. */
  readonly #postFailures = new Map<string, number>();
  /** Subscriptions being paused because their schedule cannot be worked out (so a tick meanwhile does not repeat it). */
  readonly #pausing = new Set<string>();
  /** Those pauses while they are being written (stop and idle wait for them). */
  readonly #pauses = new Set<Promise<void>>();
  #task: ScheduledTask | undefined;

  #lastTickAt: Date | undefined;

  constructor(private readonly options: WeeklyReporterOptions) {}

  /** When the scheduler last looked for due reports (the readiness probe checks it is recent). */
  get lastTickAt(): Date | undefined {
    return this.#lastTickAt;
  }

  /** Starts the minute tick and catches up at once on anything missed while the bot was down. */
  start(): void {
    this.#task = cron.schedule(TICK_SCHEDULE, () => void this.#safeTick(), { name: 'weekly-reports', noOverlap: true });
    // Said when done, so an operator (and the crash test) can tell that the catch-up after a restart finished.
    void this.#safeTick().then((results) => this.options.logger.info('weekly.catch-up-done', { runs: results.length }));
  }

  /** A tick that never throws: a failure is logged, and the bot (and the next tick) carry on. */
  #safeTick(): Promise<AccountRunResult[]> {
    let ticked: Promise<AccountRunResult[]>;
    try {
      ticked = this.tick();
    } catch (error) {
      ticked = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return ticked.catch((error: unknown) => {
      this.options.logger.error('weekly.tick-failed', { error });
      return [];
    });
  }

  async stop(): Promise<void> {
    await this.#task?.destroy();
    this.#task = undefined;
    await this.idle();
  }

  /** Resolves once every queued run has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.#pauses);
    await this.#queue.onIdle();
  }

  /** The subscriptions due now, grouped by account. */
  dueRuns(now: Date = this.options.now()): Map<string, DueRun[]> {
    return this.#scan(now).byAccount;
  }

  /**
   * The due runs by account, and the subscriptions whose schedule cannot be worked out (a stored time
   * zone this Node.js does not know): those are left out, so one of them never stops the others.
   */
  #scan(now: Date): { byAccount: Map<string, DueRun[]>; broken: { subscription: Subscription; error: unknown }[] } {
    const byAccount = new Map<string, DueRun[]>();
    const broken: { subscription: Subscription; error: unknown }[] = [];
    for (const subscription of this.options.store.subscriptions.listAll()) {
      if (subscription.paused !== null) continue;
      let due: ReturnType<typeof dueSlot>;
      try {
        due = dueSlot(
          subscription,
          subscription.lastRunAt === null ? null : new Date(subscription.lastRunAt),
          new Date(subscription.scheduledSince),
          now,
        );
      } catch (error) {
        broken.push({ subscription, error });
        continue;
      }
      if (due === null) continue;
      const runs = byAccount.get(subscription.username) ?? [];
      runs.push({ subscription, ...due });
      byAccount.set(subscription.username, runs);
    }
    return { byAccount, broken };
  }

  /** Pauses a subscription whose schedule cannot be worked out, with a reason the server can act on. */
  async #pauseBroken(subscription: Subscription, error: unknown): Promise<void> {
    if (this.#pausing.has(subscription.id)) return;
    this.#pausing.add(subscription.id);
    const reason = isValidTimeZone(subscription.timeZone)
      ? 'its schedule could not be worked out (see the logs); subscribe again to set it anew'
      : `its time zone "${subscription.timeZone}" is not known to the bot; subscribe again with another time zone`;
    this.options.logger.error('weekly.schedule-invalid', {
      subscription: subscription.id,
      username: subscription.username,
      timeZone: subscription.timeZone,
      error,
    });
    try {
      await this.options.store.subscriptions.pause(subscription.id, reason, this.options.now());
    } catch (pauseError) {
      this.options.logger.error('weekly.pause-failed', { subscription: subscription.id, error: pauseError });
    } finally {
      this.#pausing.delete(subscription.id);
    }
  }

  /**
   * Enqueues a run per account with due subscriptions; returns the runs'
   * promises (the cron callback ignores them: runs log their own failures).
   */
  tick(): Promise<AccountRunResult[]> {
    this.#lastTickAt = this.options.now();
    const { byAccount: due, broken } = this.#scan(this.options.now());
    const pauses = broken.map(({ subscription, error }) => {
      const pausing = this.#pauseBroken(subscription, error);
      this.#pauses.add(pausing);
      void pausing.finally(() => this.#pauses.delete(pausing));
      return pausing;
    });
    const dueNow = new Set<string>();
    for (const run of [...due.values()].flat()) {
      const key = dueKey(run);
      dueNow.add(key);
      if (!this.#lateWhenFound.has(key)) this.#lateWhenFound.set(key, run.late);
    }
    // Forget runs no longer due (paused or removed while queued): the maps stay as small as the queue.
    for (const key of this.#lateWhenFound.keys()) if (!dueNow.has(key)) this.#lateWhenFound.delete(key);
    for (const key of this.#postFailures.keys()) if (!dueNow.has(key)) this.#postFailures.delete(key);
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
    return Promise.all([Promise.all(pauses), Promise.all(runs)]).then(([, results]) => results);
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

    const handled = new Set<string>();
    try {
      return await this.#report(username, due, result, handled);
    } catch (error) {
      // The catalog was fetched but the report could not be stored or posted (a disk error, a bug).
      // Record the week as failed, and hold the account back, so a tick does not fetch (and pay) again every minute.
      logger.error('weekly.report-failed', { username, error });
      this.#fetchRetries.set(username, {
        failures: FETCH_RETRY_DELAYS_MS.length,
        notBeforeMs: this.options.now().getTime() + FETCH_RETRY_DELAYS_MS[0]!,
      });
      const unhandled = due.filter((run) => !handled.has(dueKey(run)));
      for (const run of unhandled)
        await this.#record(run, false, 'Not posted: the report could not be prepared (see the logs)').catch(
          () => undefined,
        );
      return { username, posted: 0, failed: unhandled.length };
    } finally {
      logger.info('weekly.run-done', {
        username,
        channels: due.length,
        calls: result.catalog.source.calls,
        durationMs: Date.now() - started,
      });
    }
  }

  /**
   * Per schedule of the due subscriptions (usually one): stores that schedule's snapshot of the week,
   * then posts the report to each of its channels. Adds the key of every run it settled to `handled`.
   */
  async #report(
    username: string,
    due: readonly DueRun[],
    result: AccountAnalysis,
    handled: Set<string>,
  ): Promise<AccountRunResult> {
    const bySchedule = new Map<string, DueRun[]>();
    for (const run of due) {
      const key = scheduleKey(run.subscription);
      bySchedule.set(key, [...(bySchedule.get(key) ?? []), run]);
    }
    let posted = 0;
    let failed = 0;
    let retryInMs: number | undefined;
    for (const [schedule, runs] of bySchedule) {
      const outcome = await this.#reportSchedule(username, schedule, runs, result, handled);
      posted += outcome.posted;
      failed += outcome.failed;
      if (outcome.retryInMs !== undefined) retryInMs = Math.min(retryInMs ?? Infinity, outcome.retryInMs);
    }
    if (retryInMs !== undefined) {
      // A post failed for a passing reason: the runs stay due (with their pending nonce) and are tried again then.
      this.#fetchRetries.set(username, { failures: 0, notBeforeMs: this.options.now().getTime() + retryInMs });
    }
    return { username, posted, failed };
  }

  async #reportSchedule(
    username: string,
    schedule: string,
    runs: readonly DueRun[],
    result: AccountAnalysis,
    handled: Set<string>,
  ): Promise<{ posted: number; failed: number; retryInMs?: number }> {
    const { store, logger } = this.options;
    const timeZone = this.options.analysisTimeZone;
    const { catalog, analysis } = result;
    const takenAt = this.options.now();
    // The week of the scheduled slot, in the subscription's time zone, not of the moment the run happens: a
    // Sunday 23:00 slot retried or caught up after midnight is still that Sunday's week. Runs of one schedule
    // share their slot.
    const first = runs[0]!;
    const week = isoWeek(first.slot, first.subscription.timeZone);
    // One weekly snapshot per account, schedule and week: a rerun of the week (after a crash) replaces it and
    // compares with the same earlier snapshot the first attempt did; another schedule of the account (Friday
    // in another channel) keeps its own, so each report compares with its own previous week.
    const previous = store.snapshots.previousFor(username, { week, schedule });
    const snapshot = await recordSnapshot(store.snapshots, username, result, takenAt, { week, schedule });

    const chart = await this.options.renderChart(
      trendChartConfig(trendPointsFromSnapshots(store.snapshots.history(username), timeZone), { username }),
    );
    let posted = 0;
    let failed = 0;
    let retryInMs: number | undefined;
    for (const run of runs) {
      const key = dueKey(run);
      const { subscription } = run;
      const nonce = weeklyNonce(subscription.id, run.slot);
      // Re-read just before posting: the fetch may have waited in line while the server unsubscribed,
      // paused, moved or rescheduled it.
      const current = store.subscriptions.get(subscription.id);
      const skip = stillDueProblem(run, current);
      if (skip !== null || current === undefined) {
        handled.add(key);
        this.#skip(run, skip ?? 'removed');
        continue;
      }
      // Started before (a crash or kill came between sending and recording, or a post that failed for a
      // passing reason): the post may already be there.
      const resumed = current.pending?.slot === run.slot.toISOString();
      const message = this.#message(run, { username, week, catalog, previous, snapshot, chart, analysis, nonce });
      try {
        if (!resumed) {
          const started = await store.subscriptions.markStarted(subscription.id, {
            slot: run.slot,
            nonce,
            at: this.options.now(),
          });
          if (started === undefined) {
            handled.add(key);
            this.#skip(run, 'removed');
            continue;
          }
        }
        const posting = await this.options.poster.postWithThread(
          { guildId: subscription.guildId, channelId: subscription.channelId },
          message,
          weeklyThreadName(username, week),
          { nonce, ...(resumed ? { lookFirst: { since: run.slot } } : {}) },
        );
        posted++;
        handled.add(key);
        await this.#record(run, true, posting.threadProblem ? `Posted; ${posting.threadProblem}` : undefined);
        logger.info('weekly.posted', {
          username,
          subscription: run.subscription.id,
          channel: run.subscription.channelId,
          late: run.late,
          thread: posting.threadId,
          ...(posting.found ? { foundAfterRestart: true } : {}),
        });
      } catch (error) {
        if (error instanceof ChannelUnavailableError) {
          failed++;
          handled.add(key);
          await store.subscriptions.pause(run.subscription.id, error.reason, this.options.now());
          await this.#record(run, false, `Paused: ${error.reason}`);
          logger.warn('weekly.paused', {
            username,
            subscription: run.subscription.id,
            channel: run.subscription.channelId,
            reason: error.reason,
          });
          continue;
        }
        const failures = (this.#postFailures.get(key) ?? 0) + 1;
        const delay = isPassingPostFailure(error) ? FETCH_RETRY_DELAYS_MS[failures - 1] : undefined;
        if (delay !== undefined) {
          // Still due, still pending with its nonce: the retry first looks for a post that did land.
          this.#postFailures.set(key, failures);
          handled.add(key);
          retryInMs = Math.min(retryInMs ?? Infinity, delay);
          logger.warn('weekly.post-retry-later', {
            username,
            subscription: run.subscription.id,
            failures,
            retryInMs: delay,
            error,
          });
          continue;
        }
        failed++;
        handled.add(key);
        await this.#record(run, false, 'Not posted: Discord refused the message (see the logs)');
        logger.error('weekly.post-failed', { username, subscription: run.subscription.id, error });
      }
    }
    return { posted, failed, ...(retryInMs !== undefined ? { retryInMs } : {}) };
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
      /** The post's nonce, also shown in its footer: how a resumed run finds the post it may have sent. */
      nonce: string;
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
      embeds = fitEmbeds(withReference(embeds, data.nonce));
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
      embeds = fitEmbeds(withReference(embeds, data.nonce));
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
    this.#forget(run);
  }

  /** A due run that must not be posted any more (see stillDueProblem): nothing is recorded for it. */
  #skip(run: DueRun, reason: string): void {
    this.#forget(run);
    this.options.logger.info('weekly.skipped', {
      username: run.subscription.username,
      subscription: run.subscription.id,
      reason,
    });
  }

  /** Drops what is kept about a due run while it is pending (lateness, post failures). */
  #forget(run: DueRun): void {
    this.#lateWhenFound.delete(dueKey(run));
    this.#postFailures.delete(dueKey(run));
  }
}

/** The text in a weekly post's footer that names its run (the post's nonce). */
export function weeklyReference(nonce: string): string {
  return `Report ${nonce}`;
}

/** The embeds with the run's reference at the end of the first embed's footer. */
function withReference(embeds: readonly APIEmbed[], nonce: string): APIEmbed[] {
  return embeds.map((embed, i) => {
    if (i !== 0) return embed;
    const text = embed.footer?.text;
    const reference = weeklyReference(nonce);
    return { ...embed, footer: { ...embed.footer, text: text ? `${text}\n${reference}` : reference } };
  });
}

/** Weekday, time and zone: subscriptions with the same schedule share the account's weekly snapshot. */
export function scheduleKey(subscription: Pick<Subscription, 'weekday' | 'time' | 'timeZone'>): string {
  return `${subscription.weekday} ${subscription.time} ${subscription.timeZone}`;
}

/**
 * Why a due run must not be posted any more (re-read just before posting), or null while it still
 * should: the subscription was removed, paused, moved to another channel or rescheduled, or the slot ran.
 */
function stillDueProblem(run: DueRun, current: Subscription | undefined): string | null {
  const was = run.subscription;
  if (current === undefined) return 'removed';
  if (current.paused !== null) return 'paused';
  if (current.guildId !== was.guildId || current.channelId !== was.channelId) return 'channel changed';
  if (scheduleKey(current) !== scheduleKey(was)) return 'schedule changed';
  if (Date.parse(current.scheduledSince) > run.slot.getTime()) return 'schedule restarted after the slot';
  if (current.lastRunAt !== null && Date.parse(current.lastRunAt) >= run.slot.getTime()) return 'already ran';
  return null;
}

/**
 * A post failure that usually clears up (a Discord 5xx or 429 after discord.js's own retries, a network
 * error, a timeout): retried on the fetch retry schedule. A 4xx answer (the message was refused) is not.
 */
function isPassingPostFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status >= 500 || status === 429;
  return error instanceof Error;
}

function dueKey(run: DueRun): string {
  return `${run.subscription.id}@${run.slot.toISOString()}`;
}
