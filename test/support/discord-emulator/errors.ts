import { RESTJSONErrorCodes } from 'discord.js';

/** One leaf of Discord's nested `errors` object in a 50035 Invalid Form Body answer. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
}

/** Discord's `errors` tree: nested by field name / array index, leaves under `_errors`. */
export interface FormErrorTree {
  [field: string]: FormErrorTree | FieldError[];
}

/** An error answered with Discord's JSON error shape `{ code, message, errors? }`. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrorTree,
  ) {
    super(message);
    this.name = 'DiscordHttpError';
  }

  toJSON(): { code: number; message: string; errors?: FormErrorTree } {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

/** The errors Discord answers, by name, with Discord's own codes and messages. */
export const discordErrors = {
  notFound: () => new DiscordHttpError(404, 0, '404: Not Found'),
  unauthorized: () => new DiscordHttpError(401, 0, '401: Unauthorized'),
  unknownChannel: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'),
  unknownMessage: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'),
  unknownUser: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User'),
  unknownWebhook: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordHttpError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
  unknownCommand: () =>
    new DiscordHttpError(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'),
  alreadyAcknowledged: () =>
    new DiscordHttpError(
      400,
      RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
      'Interaction has already been acknowledged.',
    ),
  missingAccess: () => new DiscordHttpError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access'),
  missingPermissions: () => new DiscordHttpError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'),
  emptyMessage: () =>
    new DiscordHttpError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'),
  nonTextChannel: () =>
    new DiscordHttpError(
      400,
      RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel,
      'Cannot send messages in a non-text channel',
    ),
  invalidWebhookToken: () => new DiscordHttpError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token'),
  invalidJson: () =>
    new DiscordHttpError(
      400,
      RESTJSONErrorCodes.RequestBodyContainsInvalidJSON,
      'The request body contains invalid JSON.',
    ),
  tooLarge: () => new DiscordHttpError(413, RESTJSONErrorCodes.RequestEntityTooLarge, 'Request entity too large'),
  threadAlreadyCreated: () =>
    new DiscordHttpError(
      400,
      RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage,
      'A thread has already been created for this message',
    ),
  invalidFormBody: (errors: FormErrorTree) =>
    new DiscordHttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors),
} as const;

/** Builds the nested errors tree for one failing field path such as ['embeds', 0, 'description']. */
export function fieldErrorTree(path: readonly (string | number)[], error: FieldError): FormErrorTree {
  const tree: FormErrorTree = {};
  let node = tree;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      node[String(key)] = { _errors: [error] };
    } else {
      const child: FormErrorTree = {};
      node[String(key)] = child;
      node = child;
    }
  }
  if (path.length === 0) tree['_errors'] = [error];
  return tree;
}
