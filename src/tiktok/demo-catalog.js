/**
 * A built-in demo catalog: 320 videos of a fictional cooking creator, generated
 * from a fixed seed so every run (and every test) sees the same numbers. The
 * generator builds in the kind of patterns real catalogs show (a duration sweet
 * spot, hashtags and posting hours that help or hurt, original sounds doing
 * better) so the demo has something to find.
 */
export const DEMO_USERNAME = 'demo.kitchen';
const DEMO_VIDEO_COUNT = 320;
/** Fixed "now" so the catalog never changes: 2026-11-23 12:00 UTC. */
const DEMO_NOW_SEC = 1_795_435_200;
/** mulberry32: tiny, fast, good enough for test data, and deterministic. */
function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
}
/** Standard normal from two uniforms (Box-Muller). */
function normal(random) {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
/** Hashtags with their effect on engagement (multiplier). */
const HASHTAGS = [
    ['recipe', 1.25],
    ['foodtok', 1.1],
    ['easyrecipe', 1.3],
    ['cooking', 1.0],
    ['fyp', 0.95],
    ['viral', 0.85],
    ['dinner', 1.05],
    ['mealprep', 1.2],
    ['asmr', 0.9],
    ['baking', 1.1],
    ['tutorial', 1.15],
    ['foryou', 0.9],
];
const DISHES = [
    'pasta',
    'ramen',
    'tacos',
    'curry',
    'sourdough',
    'dumplings',
    'salad',
    'brownies',
    'pho',
    'risotto',
    'shakshuka',
    'bibimbap',
];
const HOOKS = [
    '3 ingredient',
    '10 minute',
    'one pan',
    'budget',
    'restaurant-style',
    'grandma\u2019s',
    'high protein',
    'lazy',
];
const TRENDING_SOUNDS = [
    'Espresso - Sabrina Carpenter',
    'APT. - ROSE & Bruno Mars',
    'Birds of a Feather',
    'Lofi Kitchen Beats',
    'Cooking Show Theme',
];
/** Engagement multiplier of a duration: short-to-mid videos hold viewers best. */
function durationEffect(seconds) {
    if (seconds <= 15)
        return 0.9;
    if (seconds <= 30)
        return 1.1;
    if (seconds <= 60)
        return 1.3;
    if (seconds <= 120)
        return 1.05;
    if (seconds <= 300)
        return 0.85;
    return 0.7;
}
/** Evenings (local UTC here) do better; small hours do worse. */
function hourEffect(hour) {
    if (hour >= 17 && hour <= 21)
        return 1.2;
    if (hour >= 1 && hour <= 6)
        return 0.8;
    return 1;
}
function pick(random, items) {
    return items[Math.floor(random() * items.length)];
}
function demoVideo(random, index) {
    const durationSec = Math.max(5, Math.round(Math.exp(3.6 + 0.9 * normal(random))));
    const ageDays = Math.floor(random() * 540);
    const hour = Math.floor(random() * 24);
    const dayStart = Math.floor(DEMO_NOW_SEC / 86_400) * 86_400 - (ageDays + 1) * 86_400;
    const createdAtSec = dayStart + hour * 3600 + Math.floor(random() * 3600);
    const tagCount = Math.floor(random() * 4);
    const tags = new Map(); // tag -> its effect
    while (tags.size < tagCount)
        tags.set(...pick(random, HASHTAGS));
    const hashtags = [...tags.keys()];
    const original = random() < 0.45;
    let effect = durationEffect(durationSec) * hourEffect(hour) * (original ? 1.15 : 0.95);
    for (const tagEffect of tags.values())
        effect *= tagEffect;
    const plays = Math.max(0, Math.round(Math.exp(9.2 + 1.3 * normal(random))));
    const engagement = Math.min(0.6, 0.075 * effect * Math.exp(0.35 * normal(random)));
    const shareShare = 0.08 + random() * 0.1;
    const commentShare = 0.03 + random() * 0.05;
    const shares = Math.round(plays * engagement * shareShare);
    const comments = Math.round(plays * engagement * commentShare);
    const likes = Math.round(plays * engagement) - shares - comments;
    const dish = pick(random, DISHES);
    const caption = `${pick(random, HOOKS)} ${dish} ${hashtags.map((t) => `#${t}`).join(' ')}`.trim();
    return {
        id: `74${String(31_000_000_000_000 + index * 7_919_113).padStart(17, '0')}`,
        caption,
        durationSec,
        plays,
        likes: Math.max(0, likes),
        comments,
        shares,
        saves: Math.round(plays * engagement * 0.12),
        createdAtSec,
        hashtags,
        sound: original ? `original sound - ${DEMO_USERNAME}` : pick(random, TRENDING_SOUNDS),
    };
}
/** The demo videos, newest first as TikTok lists them. Always the same. */
export function demoVideos() {
    const random = seededRandom(20_261_125);
    const videos = Array.from({ length: DEMO_VIDEO_COUNT }, (_, i) => demoVideo(random, i));
    return videos.sort((a, b) => (b.createdAtSec ?? 0) - (a.createdAtSec ?? 0));
}
export function demoCatalog() {
    return {
        account: { username: DEMO_USERNAME, followers: 182_400, videoCountHint: DEMO_VIDEO_COUNT },
        videos: demoVideos(),
        skipped: [],
        source: {
            kind: 'demo',
            detail: 'built-in demo catalog',
            fetchedAt: new Date(DEMO_NOW_SEC * 1000).toISOString(),
            calls: 0,
            creditsUsed: 0,
            creditsRemaining: null,
            fromCache: false,
        },
    };
}
//# sourceMappingURL=demo-catalog.js.map