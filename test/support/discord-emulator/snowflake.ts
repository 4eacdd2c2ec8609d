/** Discord's epoch (2015-01-01T00:00:00Z): snowflake timestamps count from here. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Generates Discord-shaped snowflakes (17-19 digits), strictly increasing.
 * They must look real: @discordjs/rest only treats `\d{17,19}` path segments as ids when it
 * picks rate-limit buckets, and discord.js reads creation times back out of them.
 */
export class SnowflakeGenerator {
  #lastTimestamp = 0n;
  #increment = 0n;

  constructor(private readonly now: () => number) {}

  next(): string {
    let timestamp = BigInt(Math.max(Math.floor(this.now()), Number(DISCORD_EPOCH) + 1)) - DISCORD_EPOCH;
    if (timestamp < this.#lastTimestamp) timestamp = this.#lastTimestamp;
    if (timestamp === this.#lastTimestamp) {
      this.#increment += 1n;
      // 12 bits of increment per millisecond; borrow the next millisecond rather than repeat an id.
      if (this.#increment > 0xfffn) {
        timestamp += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastTimestamp = timestamp;
    const workerId = 1n;
    const processId = 0n;
    return ((timestamp << 22n) | (workerId << 17n) | (processId << 12n) | this.#increment).toString();
  }
}
