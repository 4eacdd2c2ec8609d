/**
 * One walk over the engagement ranking that gives every group of every
 * breakdown what its Mann-Whitney test and its medians need: the sum of its
 * videos' ranks, the size of every run of tied values, and the middle values
 * of the group and of the rest it is compared with.
 *
 * Why a walk and not a test per group: a million videos with dozens of groups
 * (and thousands of hashtags) would need a sort per group. The ranking is
 * already computed for the quartiles and the correlations; within a subset
 * of it (the videos with a post time, say) ranks and ties follow from the
 * same order, so each group costs O(1) per member.
 *
 * The rest's median without sorting the rest: once a group has `seen`
 * members behind, the rest's k-th smallest value sits at subset position
 * k + seen as long as it lies before the group's next member. So each member
 * checks whether the rest's middle positions fell into the gap before it.
 */
import { pooledFloat64, pooledUint16, pooledUint32 } from './buffer-pool.js';
import {
  BUCKET_SLOTS,
  bucketOf,
  hasDuration,
  hasHour,
  hasSound,
  hasTime,
  HOUR_SLOTS,
  hourOf,
  SOUND_SLOTS,
  soundOf,
  WEEKDAY_SLOTS,
  weekdayOf,
  type GroupCodes,
} from './breakdowns.js';
import { BOTTOM, TOP } from './columns.js';
import { tieRunEnd, type SortedOrder } from './radix-sort.js';

/** The set of videos a group is compared within. */
export const ALL = 0;
/** With a post time, date-only ones included: the weekdays'. */
export const WITH_TIME = 1;
export const WITH_DURATION = 2;
export const WITH_SOUND = 3;
/** With a time of day: the hours'. The same videos as WITH_TIME unless some post times are dates only. */
export const WITH_HOUR = 4;
const SUBSETS = 5;
/** Bits of GroupRankPass' restFound: which of the rest's two middle values are known. */
const LOW = 1;
const HIGH = 2;
const BOTH = LOW | HIGH;

/** What the rank pass found for one group. */
export interface GroupRanks {
  count: number;
  /** Videos of the group's subset outside the group. */
  restCount: number;
  rankSum: number;
  median: number;
  restMedian: number;
  /** Sum of t^3 - t over the runs of t tied values of the group's subset. */
  tieTerm: number;
}

/** Which subset each slot is ranked in, how many members it has, and how large each subset is. */
export interface SlotLayout {
  subsetOf: Uint8Array;
  counts: Uint32Array;
  /** Videos in subset s (ALL, WITH_TIME, WITH_DURATION, WITH_SOUND, WITH_HOUR), known from the breakdown pass. */
  subsetSizes: readonly number[];
}

/** Per slot: the rank sums and middle values the walk found. */
export class GroupRankResults {
  constructor(
    private readonly layout: SlotLayout,
    private readonly rankSum: Float64Array,
    private readonly middles: Float64Array,
    private readonly tieTerms: Float64Array,
  ) {}

  result(slot: number): GroupRanks {
    const subset = this.layout.subsetOf[slot]!;
    const count = this.layout.counts[slot]!;
    const m = this.middles;
    return {
      count,
      restCount: this.layout.subsetSizes[subset]! - count,
      rankSum: this.rankSum[slot]!,
      median: (m[4 * slot]! + m[4 * slot + 1]!) / 2,
      restMedian: (m[4 * slot + 2]! + m[4 * slot + 3]!) / 2,
      tieTerm: this.tieTerms[subset]!,
    };
  }

  /** The group's median (NaN for an empty group). */
  median(slot: number): number {
    return (this.middles[4 * slot]! + this.middles[4 * slot + 1]!) / 2;
  }
}

/**
 * Per slot: members seen so far, rank sum, and four middle values (group
 * low/high, rest low/high) with the positions they are found at. A class
 * with module-level helpers (not closures made per call) so the optimized
 * walk stays valid from one analysis to the next.
 */
class SlotState {
  readonly seen: Uint32Array;
  readonly rankSum: Float64Array;
  readonly middles: Float64Array;
  readonly targets: Uint32Array;
  readonly restFound: Uint8Array;
  /**
   * When a member needs more than counting: the `seen` count at which it is
   * the group's next middle value, and the number of rest values before it
   * past which the rest's next middle value lies behind. Infinity: nothing
   * left to find. They keep the common case of addMember to two comparisons.
   */
  readonly groupNext: Float64Array;
  readonly restNext: Float64Array;

  constructor({ subsetOf, counts, subsetSizes }: SlotLayout) {
    const slots = subsetOf.length;
    this.seen = new Uint32Array(slots);
    this.rankSum = new Float64Array(slots);
    this.middles = new Float64Array(4 * slots).fill(Number.NaN);
    this.targets = new Uint32Array(4 * slots);
    this.restFound = new Uint8Array(slots);
    this.groupNext = new Float64Array(slots);
    this.restNext = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
    for (let slot = 0; slot < slots; slot++) {
      const count = counts[slot]!;
      const rest = subsetSizes[subsetOf[slot]!]! - count;
      this.targets[4 * slot] = Math.floor((count - 1) / 2);
      this.targets[4 * slot + 1] = Math.floor(count / 2);
      this.groupNext[slot] = count > 0 ? this.targets[4 * slot]! : Number.POSITIVE_INFINITY;
      if (rest > 0) {
        this.targets[4 * slot + 2] = Math.floor((rest - 1) / 2);
        this.targets[4 * slot + 3] = Math.floor(rest / 2);
        this.restNext[slot] = this.targets[4 * slot + 2]!;
      } else this.restFound[slot] = BOTH;
    }
  }
}

/** Records the rest's middle values lying before `position`, with `before` members of the group ahead of it. */
function findRestMiddles(state: SlotState, slot: number, position: number, before: number, subset: Float64Array): void {
  const { targets, middles, restFound } = state;
  let found = restFound[slot]!;
  const low = targets[4 * slot + 2]! + before;
  const high = targets[4 * slot + 3]! + before;
  if ((found & LOW) === 0 && low < position) {
    middles[4 * slot + 2] = subset[low]!;
    found |= LOW;
  }
  if ((found & HIGH) === 0 && high < position) {
    middles[4 * slot + 3] = subset[high]!;
    found |= HIGH;
  }
  restFound[slot] = found;
  state.restNext[slot] =
    (found & LOW) === 0
      ? targets[4 * slot + 2]!
      : (found & HIGH) === 0
        ? targets[4 * slot + 3]!
        : Number.POSITIVE_INFINITY;
}

/** The rare part of addMember: a middle value of the group or of its rest is at hand. */
function memberEvent(
  state: SlotState,
  slot: number,
  position: number,
  before: number,
  value: number,
  subset: Float64Array,
): void {
  const { targets, middles } = state;
  if (before === targets[4 * slot]) {
    middles[4 * slot] = value;
    state.groupNext[slot] = targets[4 * slot + 1]!;
  }
  if (before === targets[4 * slot + 1]) {
    middles[4 * slot + 1] = value;
    state.groupNext[slot] = Number.POSITIVE_INFINITY;
  }
  if (state.restFound[slot] !== BOTH) findRestMiddles(state, slot, position, before, subset);
}

/** One member of a slot at `position` of its subset's ranking. */
function addMember(
  state: SlotState,
  slot: number,
  position: number,
  rank: number,
  value: number,
  subset: Float64Array,
): void {
  const before = state.seen[slot]!;
  state.seen[slot] = before + 1;
  state.rankSum[slot]! += rank;
  if (before === state.groupNext[slot] || position - before > state.restNext[slot]!)
    memberEvent(state, slot, position, before, value, subset);
}

/** The walk's inputs, in ranking order: value, packed groups and hashtags of the k-th ranked video. */
interface RankedVideos {
  values: Float64Array;
  codes: Uint16Array;
  /** Hashtags of the k-th ranked video: tags[tagStart[k]] .. tags[tagStart[k + 1] - 1]. */
  tagStart: Uint32Array;
  tags: Uint32Array;
}

/*
 * Each loop below is a function of its own: V8 optimizes a long loop while it runs, with the type
 * feedback gathered so far, and deoptimizes on reaching code that has not run yet. One function
 * holding them all was deoptimized and recompiled at each of its loops in a fresh process (the
 * CLI), where it then took several times as long as when warm.
 */

/** positions[order[k]] = k: where each video stands in the ranking. */
function invert(order: Uint32Array, positions: Uint32Array): void {
  for (let k = 0; k < order.length; k++) positions[order[k]!] = k;
}

function scatterVideos(positions: Uint32Array, values: Float64Array, codes: GroupCodes, into: RankedVideos): void {
  const { packed, tagStart } = codes;
  const { values: intoValues, codes: intoCodes, tagStart: intoStart } = into;
  for (let j = 0; j < positions.length; j++) {
    const k = positions[j]!;
    intoValues[k] = values[j]!;
    intoCodes[k] = packed[j]!;
    intoStart[k + 1] = tagStart[j + 1]! - tagStart[j]!; // the video's tag count, summed by sumCounts
  }
}

function sumCounts(starts: Uint32Array): void {
  starts[0] = 0;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
}

function gatherAt(positions: Uint32Array, starts: Uint32Array, into: Uint32Array): void {
  for (let j = 0; j < positions.length; j++) into[j] = starts[positions[j]!]!;
}

function scatterTags(tagsAt: Uint32Array, codes: GroupCodes, tags: Uint32Array): void {
  const { tagStart, tagIndex } = codes;
  for (let j = 0; j < tagsAt.length; j++) {
    let at = tagsAt[j]!;
    const tagsEnd = tagStart[j + 1]!;
    for (let t = tagStart[j]!; t < tagsEnd; t++) tags[at++] = tagIndex[t]!;
  }
}

/**
 * Each video's value, groups and hashtags in ranking order, so the walk reads memory in
 * sequence. They are scattered (written at each video's position in the ranking, read in input
 * order) rather than gathered (read at order[k]): a random write does not stall the processor
 * as a random read does, and a million of them cost a fifth as much.
 */
function inRankingOrder(values: Float64Array, order: Uint32Array, codes: GroupCodes): RankedVideos {
  const n = order.length;
  const positions = pooledUint32('ranks.positions', n);
  invert(order, positions);
  const ranked: RankedVideos = {
    values: pooledFloat64('ranks.subset0', n),
    codes: pooledUint16('ranks.sortedCode', n),
    tagStart: pooledUint32('ranks.sortedTagStart', n + 1),
    tags: pooledUint32('ranks.sortedTags', Math.max(1, codes.tagStart[n]!)),
  };
  scatterVideos(positions, values, codes, ranked);
  sumCounts(ranked.tagStart);
  // Where each video's tags go, read in one loop and written in the next: a write to an address
  // just read at random is what stalls (measured 8x slower in one loop than in two).
  const tagsAt = pooledUint32('ranks.tagsAt', n);
  gatherAt(positions, ranked.tagStart, tagsAt);
  scatterTags(tagsAt, codes, ranked.tags);
  return ranked;
}

/** The values of each subset in ranking order, filled in by the walk. */
interface SubsetValues {
  time: Float64Array;
  duration: Float64Array;
  sound: Float64Array;
  hour: Float64Array;
}

/** The walk itself; returns how many videos each subset (ALL, WITH_TIME, WITH_DURATION, WITH_SOUND, WITH_HOUR) held. */
function walk(
  ranked: RankedVideos,
  sorted: SortedOrder,
  tagSlots: Int32Array,
  state: SlotState,
  subsets: SubsetValues,
  tieTerms: Float64Array,
): number[] {
  const n = ranked.values.length;
  const { values: inAll, codes: sortedCode, tagStart: sortedTagStart, tags: sortedTags } = ranked;
  const { time: inTime, duration: inDuration, sound: inSound, hour: inHour } = subsets;
  let posAll = 0;
  let posTime = 0;
  let posDuration = 0;
  let posSound = 0;
  let posHour = 0;
  let start = 0;
  while (start < n) {
    const end = tieRunEnd(sorted, start);
    const cAll = end - start;
    // Members of each subset in this run of ties share one average rank.
    let cTime = 1;
    let cDuration = 1;
    let cSound = 1;
    let cHour = 1;
    if (cAll > 1) {
      cTime = 0;
      cDuration = 0;
      cSound = 0;
      cHour = 0;
      for (let k = start; k < end; k++) {
        const code = sortedCode[k]!;
        if (hasTime(code)) cTime++;
        if (hasDuration(code)) cDuration++;
        if (hasSound(code)) cSound++;
        if (hasHour(code)) cHour++;
      }
      tieTerms[ALL]! += cAll * cAll * cAll - cAll;
      tieTerms[WITH_TIME]! += cTime * cTime * cTime - cTime;
      tieTerms[WITH_DURATION]! += cDuration * cDuration * cDuration - cDuration;
      tieTerms[WITH_SOUND]! += cSound * cSound * cSound - cSound;
      tieTerms[WITH_HOUR]! += cHour * cHour * cHour - cHour;
    }
    const rankAll = posAll + (cAll + 1) / 2;
    const rankTime = posTime + (cTime + 1) / 2;
    const rankDuration = posDuration + (cDuration + 1) / 2;
    const rankSound = posSound + (cSound + 1) / 2;
    const rankHour = posHour + (cHour + 1) / 2;
    for (let k = start; k < end; k++) {
      const value = inAll[k]!;
      const code = sortedCode[k]!;
      const tagsEnd = sortedTagStart[k + 1]!;
      for (let t = sortedTagStart[k]!; t < tagsEnd; t++) {
        const slot = tagSlots[sortedTags[t]!]!;
        if (slot >= 0) addMember(state, slot, posAll, rankAll, value, inAll);
      }
      posAll++;
      if (hasTime(code)) {
        inTime[posTime] = value;
        addMember(state, WEEKDAY_SLOTS + weekdayOf(code), posTime, rankTime, value, inTime);
        posTime++;
      }
      if (hasHour(code)) {
        inHour[posHour] = value;
        addMember(state, HOUR_SLOTS + hourOf(code), posHour, rankHour, value, inHour);
        posHour++;
      }
      if (hasDuration(code)) {
        inDuration[posDuration] = value;
        addMember(state, BUCKET_SLOTS + bucketOf(code), posDuration, rankDuration, value, inDuration);
        posDuration++;
      }
      if (hasSound(code)) {
        inSound[posSound] = value;
        addMember(state, SOUND_SLOTS + soundOf(code), posSound, rankSound, value, inSound);
        posSound++;
      }
    }
    start = end;
  }
  return [posAll, posTime, posDuration, posSound, posHour];
}

/**
 * Walks `values` (engagement rates) in `sorted` order once, for every slot.
 * `tagSlots[t]` is the slot of hashtag t, or -1 when it is too rare to be listed.
 * It runs a million times per analysis over typed arrays; its cost is the
 * random reads of each video's groups, which inRankingOrder turns into writes.
 */
export function rankGroups(
  values: Float64Array,
  sorted: SortedOrder,
  codes: GroupCodes,
  tagSlots: Int32Array,
  layout: SlotLayout,
): GroupRankResults {
  const n = values.length;
  const { subsetOf, counts, subsetSizes } = layout;
  if (subsetSizes.length !== SUBSETS) throw new RangeError(`rankGroups needs ${SUBSETS} subset sizes`);
  const state = new SlotState(layout);
  const ranked = inRankingOrder(values, sorted.order, codes);
  const time = pooledFloat64('ranks.subset1', n);
  const subsets: SubsetValues = {
    time,
    duration: pooledFloat64('ranks.subset2', n),
    sound: pooledFloat64('ranks.subset3', n),
    // The hour subset is part of the time subset; as large, it is the same videos in the same
    // order (no date-only post time), and shares its buffer: the walk writes the same values.
    hour: subsetSizes[WITH_HOUR] === subsetSizes[WITH_TIME] ? time : pooledFloat64('ranks.subset4', n),
  };
  const tieTerms = new Float64Array(SUBSETS);
  const sizes = walk(ranked, sorted, tagSlots, state, subsets, tieTerms);
  sizes.forEach((size, s) => {
    if (size !== subsetSizes[s])
      throw new Error(`rankGroups: subset ${s} held ${size} videos, the breakdown pass counted ${subsetSizes[s]}`);
  });
  // The rest's middles that lie after a group's last member.
  const subsetValues = [ranked.values, subsets.time, subsets.duration, subsets.sound, subsets.hour];
  for (let slot = 0; slot < subsetOf.length; slot++) {
    if (state.restFound[slot] !== BOTH)
      findRestMiddles(state, slot, Number.POSITIVE_INFINITY, counts[slot]!, subsetValues[subsetOf[slot]!]!);
  }
  return new GroupRankResults(layout, state.rankSum, state.middles, tieTerms);
}

/** Whether the target-th member (0-based) is among members from .. to - 1. */
const holds = (target: number, from: number, to: number): boolean => target >= from && target < to;

/** What the top-vs-bottom test of one dimension needs, from one walk over that dimension's ranking. */
export interface TierRanks {
  top: number;
  bottom: number;
  topRankSum: number;
  topMedian: number;
  bottomMedian: number;
  tieTerm: number;
}

/**
 * The top tier against the bottom tier on `values` (durations or plays),
 * walking their ranking once. A video in both tiers (q25 == q75) is in both
 * samples, as it would be when the two lists are handed to a test.
 * `positiveOnly` leaves out values of 0 (a duration of 0 is unknown, not short).
 */
export function tierRanks(
  values: Float64Array,
  sorted: SortedOrder,
  tierBits: Uint8Array,
  positiveOnly: boolean,
): TierRanks {
  const n = values.length;
  const { order } = sorted;
  let top = 0;
  let bottom = 0;
  for (let j = 0; j < n; j++) {
    const bits = tierBits[j]!;
    if (bits === 0 || (positiveOnly && !(values[j]! > 0))) continue;
    if ((bits & TOP) !== 0) top++;
    if ((bits & BOTTOM) !== 0) bottom++;
  }
  const topLow = Math.floor((top - 1) / 2);
  const topHigh = Math.floor(top / 2);
  const bottomLow = Math.floor((bottom - 1) / 2);
  const bottomHigh = Math.floor(bottom / 2);
  let topLowValue = Number.NaN;
  let topHighValue = Number.NaN;
  let bottomLowValue = Number.NaN;
  let bottomHighValue = Number.NaN;
  let seenTop = 0;
  let seenBottom = 0;
  let position = 0;
  let topRankSum = 0;
  let tieTerm = 0;
  // Values ascend, so the zeros positiveOnly leaves out are the first run.
  let start = positiveOnly && n > 0 && !(values[order[0]!]! > 0) ? tieRunEnd(sorted, 0) : 0;
  while (start < n) {
    const end = tieRunEnd(sorted, start);
    // Only tier flags are read per video: a run's values are equal, so its rank follows from its
    // counts, and the value itself is read only where a middle value falls in the run.
    let topInRun = 0;
    let bottomInRun = 0;
    for (let k = start; k < end; k++) {
      const bits = tierBits[order[k]!]!;
      topInRun += bits & TOP;
      bottomInRun += (bits & BOTTOM) >>> 1;
    }
    const tied = topInRun + bottomInRun;
    if (tied > 0) {
      tieTerm += tied * tied * tied - tied;
      topRankSum += topInRun * (position + (tied + 1) / 2);
      const topEnd = seenTop + topInRun;
      const bottomEnd = seenBottom + bottomInRun;
      if (
        holds(topLow, seenTop, topEnd) ||
        holds(topHigh, seenTop, topEnd) ||
        holds(bottomLow, seenBottom, bottomEnd) ||
        holds(bottomHigh, seenBottom, bottomEnd)
      ) {
        const value = values[order[start]!]!;
        if (holds(topLow, seenTop, topEnd)) topLowValue = value;
        if (holds(topHigh, seenTop, topEnd)) topHighValue = value;
        if (holds(bottomLow, seenBottom, bottomEnd)) bottomLowValue = value;
        if (holds(bottomHigh, seenBottom, bottomEnd)) bottomHighValue = value;
      }
      seenTop = topEnd;
      seenBottom = bottomEnd;
      position += tied;
    }
    start = end;
  }
  return {
    top,
    bottom,
    topRankSum,
    topMedian: (topLowValue + topHighValue) / 2,
    bottomMedian: (bottomLowValue + bottomHighValue) / 2,
    tieTerm,
  };
}
