import { PermissionFlagsBits } from 'discord.js';

/** A permission name as discord.js spells it, e.g. 'SendMessages'. */
export type PermissionName = keyof typeof PermissionFlagsBits;

/** Permissions as a bitfield, a decimal string (Discord's wire form) or a list of names. */
export type PermissionInput = bigint | string | readonly PermissionName[];

export function resolvePermissions(input: PermissionInput): bigint {
  if (typeof input === 'bigint') return input;
  if (typeof input === 'string') return BigInt(input);
  return input.reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);
}

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((bits, flag) => bits | flag, 0n);

/** What the README asks server admins to grant the bot, plus seeing the channel it posts in. */
export const DEFAULT_BOT_PERMISSIONS: readonly PermissionName[] = [
  'ViewChannel',
  'ReadMessageHistory',
  'SendMessages',
  'EmbedLinks',
  'AttachFiles',
  'CreatePublicThreads',
  'SendMessagesInThreads',
];

/** The default interaction member: may use commands and manage the server (so /subscribe works). */
export const DEFAULT_MEMBER_PERMISSIONS: readonly PermissionName[] = [
  'ViewChannel',
  'ReadMessageHistory',
  'SendMessages',
  'EmbedLinks',
  'AttachFiles',
  'UseApplicationCommands',
  'ManageGuild',
];

/** A channel permission overwrite in Discord's wire shape (type 0 = role, 1 = member). */
export interface Overwrite {
  readonly id: string;
  readonly type: 0 | 1;
  readonly allow: bigint;
  readonly deny: bigint;
}

export interface PermissionSubject {
  readonly userId: string;
  readonly roleIds: readonly string[];
  readonly isOwner: boolean;
}

/**
 * Discord's permission algorithm (base permissions from roles, then @everyone, role and member
 * overwrites), the same one discord.js runs for `channel.permissionsFor(member)`, so the REST
 * answers of the emulator agree with what the bot computes from its gateway cache.
 */
export function computeChannelPermissions(
  subject: PermissionSubject,
  guildId: string,
  rolePermissions: ReadonlyMap<string, bigint>,
  overwrites: readonly Overwrite[],
): bigint {
  const base = computeBasePermissions(subject, guildId, rolePermissions);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === 0 && overwrite.id !== guildId && subject.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const member = overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (member) permissions = (permissions & ~member.deny) | member.allow;
  // A channel the member cannot see grants nothing at all.
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  return permissions;
}

export function computeBasePermissions(
  subject: PermissionSubject,
  guildId: string,
  rolePermissions: ReadonlyMap<string, bigint>,
): bigint {
  if (subject.isOwner) return ALL_PERMISSIONS;
  let base = rolePermissions.get(guildId) ?? 0n;
  for (const roleId of subject.roleIds) base |= rolePermissions.get(roleId) ?? 0n;
  return (base & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : base;
}

export function hasPermission(bits: bigint, flag: bigint): boolean {
  return (bits & flag) === flag;
}
