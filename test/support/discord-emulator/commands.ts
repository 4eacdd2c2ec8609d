import { ApplicationCommandType } from 'discord.js';
import { z } from 'zod';
import { discordErrors, fieldErrorTree } from './errors.js';
import { parseWith } from './message-payload.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type { JsonObject } from './world.js';

/** An option of a registered command, as far as the emulator reads it. */
export interface CommandOptionDef {
  readonly type: number;
  readonly name: string;
  readonly required?: boolean | undefined;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[] | undefined;
  readonly options?: readonly CommandOptionDef[] | undefined;
  readonly channel_types?: readonly number[] | undefined;
  readonly min_value?: number | undefined;
  readonly max_value?: number | undefined;
  readonly min_length?: number | undefined;
  readonly max_length?: number | undefined;
  readonly autocomplete?: boolean | undefined;
}

const optionSchema: z.ZodType<CommandOptionDef> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(11),
    name: z.string().regex(/^[-_'\p{L}\p{N}]{1,32}$/u, 'Command option name is invalid'),
    description: z.string().min(1).max(100),
    required: z.boolean().optional(),
    choices: z
      .array(z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) }))
      .max(25)
      .optional(),
    options: z.array(optionSchema).max(25).optional(),
    channel_types: z.array(z.number().int()).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
    min_length: z.number().int().optional(),
    max_length: z.number().int().optional(),
    autocomplete: z.boolean().optional(),
  }),
);

const commandSchema = z.looseObject({
  name: z.string().regex(/^[-_'\p{Ll}\p{Lo}\p{N}]{1,32}$/u, 'Command name is invalid'),
  type: z.number().int().optional(),
  description: z.string().max(100).optional(),
  options: z.array(optionSchema).max(25).optional(),
  default_member_permissions: z.string().nullable().optional(),
  dm_permission: z.boolean().nullable().optional(),
  contexts: z.array(z.number().int()).nullable().optional(),
  integration_types: z.array(z.number().int()).optional(),
  nsfw: z.boolean().optional(),
});

/** A registered command: what the bot sent, plus the fields Discord adds. */
export interface RegisteredCommand {
  readonly id: string;
  readonly applicationId: string;
  readonly guildId: string | null;
  readonly name: string;
  readonly type: number;
  readonly options: readonly CommandOptionDef[];
  readonly defaultMemberPermissions: string | null;
  readonly version: string;
  /** The full object Discord answers with. */
  readonly json: JsonObject;
}

/** Global and per-guild application commands, with Discord's PUT (bulk overwrite) semantics. */
export class CommandRegistry {
  /** Key: 'global' or a guild id. */
  readonly #scopes = new Map<string, RegisteredCommand[]>();

  constructor(
    private readonly ids: SnowflakeGenerator,
    private readonly applicationId: string,
  ) {}

  list(guildId: string | null): RegisteredCommand[] {
    return [...(this.#scopes.get(guildId ?? 'global') ?? [])];
  }

  find(name: string, guildId: string | null): RegisteredCommand | undefined {
    // A guild command shadows a global one of the same name in that guild.
    return (
      (guildId ? this.list(guildId).find((c) => c.name === name) : undefined) ??
      this.list(null).find((c) => c.name === name)
    );
  }

  get(commandId: string, guildId: string | null): RegisteredCommand {
    const command = this.list(guildId).find((c) => c.id === commandId);
    if (!command) throw discordErrors.unknownCommand();
    return command;
  }

  /** PUT: replaces the whole scope; commands keep their id when their name and type stay. */
  overwrite(guildId: string | null, body: unknown): RegisteredCommand[] {
    if (!Array.isArray(body))
      throw discordErrors.invalidFormBody(
        fieldErrorTree([], { code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }),
      );
    if (body.length > 100)
      throw discordErrors.invalidFormBody(
        fieldErrorTree([], { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }),
      );
    const previous = this.list(guildId);
    const next = body.map((raw) => {
      const parsed = parseCommand(raw);
      const same = previous.find(
        (c) => c.name === parsed.name && c.type === (parsed.type ?? ApplicationCommandType.ChatInput),
      );
      return this.#register(guildId, parsed, same?.id);
    });
    const names = new Set<string>();
    for (const command of next) {
      if (names.has(command.name)) {
        throw discordErrors.invalidFormBody(
          fieldErrorTree([], {
            code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
            message: `Application command names must be unique`,
          }),
        );
      }
      names.add(command.name);
    }
    this.#scopes.set(guildId ?? 'global', next);
    return next;
  }

  /** POST: creates, or replaces the command with the same name (Discord's upsert). */
  upsert(guildId: string | null, body: unknown): { command: RegisteredCommand; created: boolean } {
    const parsed = parseCommand(body);
    const scope = this.list(guildId);
    const index = scope.findIndex(
      (c) => c.name === parsed.name && c.type === (parsed.type ?? ApplicationCommandType.ChatInput),
    );
    const command = this.#register(guildId, parsed, index >= 0 ? scope[index]?.id : undefined);
    if (index >= 0) scope[index] = command;
    else scope.push(command);
    this.#scopes.set(guildId ?? 'global', scope);
    return { command, created: index < 0 };
  }

  edit(guildId: string | null, commandId: string, body: unknown): RegisteredCommand {
    const current = this.get(commandId, guildId);
    const merged = { ...current.json, ...(typeof body === 'object' && body !== null ? body : {}) };
    const parsed = parseCommand(merged);
    const command = this.#register(guildId, parsed, current.id);
    this.#scopes.set(
      guildId ?? 'global',
      this.list(guildId).map((c) => (c.id === commandId ? command : c)),
    );
    return command;
  }

  delete(guildId: string | null, commandId: string): void {
    this.get(commandId, guildId);
    this.#scopes.set(
      guildId ?? 'global',
      this.list(guildId).filter((c) => c.id !== commandId),
    );
  }

  #register(
    guildId: string | null,
    parsed: z.infer<typeof commandSchema>,
    keepId: string | undefined,
  ): RegisteredCommand {
    const type = parsed.type ?? ApplicationCommandType.ChatInput;
    const id = keepId ?? this.ids.next();
    const version = this.ids.next();
    const json: JsonObject = {
      ...(parsed as JsonObject),
      id,
      application_id: this.applicationId,
      version,
      type,
      description: parsed.description ?? '',
      default_member_permissions: parsed.default_member_permissions ?? null,
      nsfw: parsed.nsfw ?? false,
      integration_types: parsed.integration_types ?? [0],
      contexts: parsed.contexts ?? null,
      ...(guildId ? { guild_id: guildId } : { dm_permission: parsed.dm_permission ?? true }),
    };
    return {
      id,
      applicationId: this.applicationId,
      guildId,
      name: parsed.name,
      type,
      options: parsed.options ?? [],
      defaultMemberPermissions: parsed.default_member_permissions ?? null,
      version,
      json,
    };
  }
}

function parseCommand(raw: unknown): z.infer<typeof commandSchema> {
  const parsed = parseWith(commandSchema, raw);
  const type = parsed.type ?? ApplicationCommandType.ChatInput;
  if (type === ApplicationCommandType.ChatInput && !parsed.description) {
    throw discordErrors.invalidFormBody(
      fieldErrorTree(['description'], { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }),
    );
  }
  return parsed;
}
