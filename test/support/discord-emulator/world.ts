import { ChannelType, PermissionFlagsBits, type APIUser, type UserFlags } from 'discord.js';
import type { Clock } from './clock.js';
import { discordErrors } from './errors.js';
import {
  computeBasePermissions,
  computeChannelPermissions,
  resolvePermissions,
  type Overwrite,
  type PermissionInput,
} from './permissions.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type { ChannelConfig, ChannelFailure, ChannelKind, GuildConfig } from './types.js';

/** An empty user flag bitfield (UserFlags is an enum with no 0 member). */
const NO_USER_FLAGS = 0 as UserFlags;

/** Plain JSON as it goes over the wire. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

export interface MemberRecord {
  readonly user: APIUser;
  readonly roleIds: string[];
  readonly joinedAt: string;
  /** For interaction users: the channel permissions the test gave them (Discord computes these). */
  permissions: bigint | null;
}

export interface GuildRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly preferredLocale: string;
  readonly botRoleId: string;
  readonly rolePermissions: Map<string, bigint>;
  readonly members: Map<string, MemberRecord>;
  readonly joinedAt: string;
  unavailable: boolean;
}

export interface ThreadInfo {
  readonly ownerId: string;
  readonly createdAt: string;
  autoArchiveDuration: number;
  archived: boolean;
  locked: boolean;
  messageCount: number;
  totalMessageSent: number;
}

export interface ChannelRecord {
  readonly id: string;
  readonly guildId: string | null;
  name: string;
  readonly type: ChannelType;
  readonly position: number;
  readonly parentId: string | null;
  topic: string | null;
  overwrites: Overwrite[];
  failure: ChannelFailure | null;
  deleted: boolean;
  lastMessageId: string | null;
  readonly thread: ThreadInfo | null;
  /** For DM channels. */
  readonly recipient: APIUser | null;
}

const KIND_TO_TYPE: Record<ChannelKind, ChannelType> = {
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  voice: ChannelType.GuildVoice,
  category: ChannelType.GuildCategory,
  forum: ChannelType.GuildForum,
};

const TEXT_BASED = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
  ChannelType.DM,
]);

export function isThread(channel: ChannelRecord): boolean {
  return channel.thread !== null;
}

export function isTextBased(channel: ChannelRecord): boolean {
  return TEXT_BASED.has(channel.type);
}

export interface WorldSettings {
  readonly botPermissions: PermissionInput;
  readonly botUsername: string;
}

/** Users, guilds, roles, members and channels, and Discord's JSON shapes for them. */
export class World {
  readonly bot: APIUser;
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly users = new Map<string, APIUser>();
  readonly #idsByUsername = new Map<string, string>();

  constructor(
    private readonly ids: SnowflakeGenerator,
    private readonly clock: Clock,
    private readonly settings: WorldSettings,
  ) {
    this.bot = {
      id: ids.next(),
      username: settings.botUsername,
      discriminator: '4821',
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: true,
      verified: true,
      flags: NO_USER_FLAGS,
      public_flags: NO_USER_FLAGS,
    };
    this.users.set(this.bot.id, this.bot);
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  addGuild(config: GuildConfig): GuildRecord {
    const id = config.id ?? this.ids.next();
    const owner = this.userFor({ username: 'guild-owner' });
    const botRoleId = this.ids.next();
    const guild: GuildRecord = {
      id,
      name: config.name ?? 'Emulated Guild',
      ownerId: owner.id,
      preferredLocale: config.preferredLocale ?? 'en-US',
      botRoleId,
      rolePermissions: new Map([
        [id, resolvePermissions(config.everyonePermissions ?? 0n)],
        [botRoleId, resolvePermissions(config.botPermissions ?? this.settings.botPermissions)],
      ]),
      members: new Map(),
      joinedAt: this.now(),
      unavailable: false,
    };
    guild.members.set(this.bot.id, {
      user: this.bot,
      roleIds: [botRoleId],
      joinedAt: guild.joinedAt,
      permissions: null,
    });
    guild.members.set(owner.id, { user: owner, roleIds: [], joinedAt: guild.joinedAt, permissions: null });
    this.guilds.set(id, guild);
    const channels = config.channels ?? [{ name: 'general' }];
    channels.forEach((channel, index) => this.addChannel(id, channel, index));
    return guild;
  }

  addChannel(guildId: string, config: ChannelConfig, position = this.channelsOf(guildId).length): ChannelRecord {
    const overwrites: Overwrite[] = [];
    if (config.botAllow !== undefined || config.botDeny !== undefined) {
      overwrites.push({
        id: this.bot.id,
        type: 1,
        allow: resolvePermissions(config.botAllow ?? 0n),
        deny: resolvePermissions(config.botDeny ?? 0n),
      });
    }
    const channel: ChannelRecord = {
      id: config.id ?? this.ids.next(),
      guildId,
      name: config.name ?? (position === 0 ? 'general' : `channel-${position + 1}`),
      type: KIND_TO_TYPE[config.kind ?? 'text'],
      position,
      parentId: null,
      topic: config.topic ?? null,
      overwrites,
      failure: config.failure ?? null,
      deleted: false,
      lastMessageId: null,
      thread: null,
      recipient: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addThread(
    parent: ChannelRecord,
    id: string,
    name: string,
    type: ChannelType,
    autoArchiveDuration: number,
  ): ChannelRecord {
    const thread: ChannelRecord = {
      id,
      guildId: parent.guildId,
      name,
      type,
      position: 0,
      parentId: parent.id,
      topic: null,
      overwrites: [],
      failure: null,
      deleted: false,
      lastMessageId: null,
      thread: {
        ownerId: this.bot.id,
        createdAt: this.now(),
        autoArchiveDuration,
        archived: false,
        locked: false,
        messageCount: 0,
        totalMessageSent: 0,
      },
      recipient: null,
    };
    this.channels.set(id, thread);
    return thread;
  }

  dmChannelWith(user: APIUser): ChannelRecord {
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelType.DM && channel.recipient?.id === user.id) return channel;
    }
    const channel: ChannelRecord = {
      id: this.ids.next(),
      guildId: null,
      name: '',
      type: ChannelType.DM,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      failure: null,
      deleted: false,
      lastMessageId: null,
      thread: null,
      recipient: user,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The same username always maps to the same user, so tests can refer to users by name. */
  userFor(spec: { id?: string; username?: string; globalName?: string }): APIUser {
    const username = spec.username ?? 'tester';
    const id = spec.id ?? this.#idsByUsername.get(username) ?? this.ids.next();
    this.#idsByUsername.set(username, id);
    const existing = this.users.get(id);
    if (existing) return existing;
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: spec.globalName ?? username.charAt(0).toUpperCase() + username.slice(1),
      avatar: null,
      public_flags: NO_USER_FLAGS,
      flags: NO_USER_FLAGS,
    };
    this.users.set(id, user);
    return user;
  }

  guild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);
    if (!guild) throw discordErrors.unknownGuild();
    return guild;
  }

  channelsOf(guildId: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId && !c.deleted && !isThread(c));
  }

  /** The channel as REST sees it, applying the configured failure modes. */
  readableChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);
    if (!channel || channel.deleted || channel.failure === 'missing') throw discordErrors.unknownChannel();
    if (channel.failure === 'missing-access') throw discordErrors.missingAccess();
    if (channel.guildId !== null && !this.botCan(channel, PermissionFlagsBits.ViewChannel))
      throw discordErrors.missingAccess();
    return channel;
  }

  /** Throws Missing Permissions unless the bot holds every flag in `required` in the channel. */
  requireBotPermissions(channel: ChannelRecord, required: bigint): void {
    if (channel.failure === 'missing-permissions') throw discordErrors.missingPermissions();
    if (channel.guildId !== null && !this.botCan(channel, required)) throw discordErrors.missingPermissions();
  }

  botCan(channel: ChannelRecord, flags: bigint): boolean {
    return (this.botPermissionsIn(channel) & flags) === flags;
  }

  botPermissionsIn(channel: ChannelRecord): bigint {
    if (channel.guildId === null) return DM_PERMISSIONS;
    const guild = this.guild(channel.guildId);
    const member = guild.members.get(this.bot.id);
    // Threads take their permissions from the parent channel.
    const source = channel.parentId ? (this.channels.get(channel.parentId) ?? channel) : channel;
    return computeChannelPermissions(
      { userId: this.bot.id, roleIds: member?.roleIds ?? [], isOwner: guild.ownerId === this.bot.id },
      guild.id,
      guild.rolePermissions,
      source.overwrites,
    );
  }

  botGuildPermissions(guild: GuildRecord): bigint {
    const member = guild.members.get(this.bot.id);
    return computeBasePermissions(
      { userId: this.bot.id, roleIds: member?.roleIds ?? [], isOwner: false },
      guild.id,
      guild.rolePermissions,
    );
  }

  // ----- Discord JSON shapes -----

  userJson(user: APIUser): JsonObject {
    return { ...user } as JsonObject;
  }

  roleJson(guild: GuildRecord, roleId: string): JsonObject {
    const isEveryone = roleId === guild.id;
    return {
      id: roleId,
      name: isEveryone ? '@everyone' : this.bot.username,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: isEveryone ? 0 : 1,
      permissions: (guild.rolePermissions.get(roleId) ?? 0n).toString(),
      managed: !isEveryone,
      mentionable: false,
      flags: 0,
      ...(isEveryone ? {} : { tags: { bot_id: this.bot.id } }),
    };
  }

  memberJson(guild: GuildRecord, member: MemberRecord): JsonObject {
    return {
      user: this.userJson(member.user),
      nick: null,
      avatar: null,
      banner: null,
      roles: [...member.roleIds],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...(member.permissions === null ? {} : { permissions: member.permissions.toString() }),
    };
  }

  channelJson(channel: ChannelRecord): JsonObject {
    if (channel.type === ChannelType.DM) {
      return {
        id: channel.id,
        type: channel.type,
        last_message_id: channel.lastMessageId,
        flags: 0,
        recipients: channel.recipient ? [this.userJson(channel.recipient)] : [],
      };
    }
    const base: JsonObject = {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId,
      flags: 0,
    };
    if (channel.thread) {
      const info = channel.thread;
      return {
        ...base,
        owner_id: info.ownerId,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        message_count: info.messageCount,
        total_message_sent: info.totalMessageSent,
        member_count: 1,
        applied_tags: [],
        thread_metadata: {
          archived: info.archived,
          archive_timestamp: info.createdAt,
          auto_archive_duration: info.autoArchiveDuration,
          locked: info.locked,
          create_timestamp: info.createdAt,
          ...(channel.type === ChannelType.PrivateThread ? { invitable: true } : {}),
        },
      };
    }
    return {
      ...base,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      nsfw: false,
      ...(channel.type === ChannelType.GuildCategory
        ? {}
        : { topic: channel.topic, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 }),
      ...(channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement
        ? { default_auto_archive_duration: 1440 }
        : {}),
      ...(channel.type === ChannelType.GuildVoice ? { bitrate: 64000, user_limit: 0, rtc_region: null } : {}),
    };
  }

  /** GET /guilds/:id (no channels or members, like Discord). */
  guildJson(guild: GuildRecord): JsonObject {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.rolePermissions.keys()].map((roleId) => this.roleJson(guild, roleId)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: this.channelsOf(guild.id)[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
  }

  /** The GUILD_CREATE `d`: the guild with channels, threads, roles and the bot's member. */
  guildCreateJson(guild: GuildRecord): JsonObject {
    const channels = this.channelsOf(guild.id).map((channel) => {
      const json = this.channelJson(channel);
      // GUILD_CREATE channels carry no guild_id (discord.js fills it in from the guild).
      delete json['guild_id'];
      return json;
    });
    const threads = [...this.channels.values()]
      .filter((c) => c.guildId === guild.id && isThread(c) && !c.deleted)
      .map((thread) => this.channelJson(thread));
    const members = [...guild.members.values()]
      .filter((m) => m.user.id === this.bot.id)
      .map((m) => this.memberJson(guild, m));
    return {
      ...this.guildJson(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members,
      channels,
      threads,
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      lazy: true,
      application_command_counts: {},
      home_header: null,
      latest_onboarding_question_id: null,
      premium_features: null,
      max_stage_video_channel_users: 50,
      activity_instances: [],
      version: this.clock(),
    };
  }
}

/** What a bot may do in a DM, as Discord reports it in app_permissions. */
const DM_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;
