import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Clock } from './clock.js';
import type { EventLog } from './event-log.js';
import type { GatewayFrame } from './types.js';
import type { Json, JsonObject, World } from './world.js';

const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
/** How many dispatches a session keeps for a RESUME replay. */
const REPLAY_BUFFER = 1000;

export interface GatewayDeps {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  readonly clock: Clock;
  readonly world: World;
  readonly applicationId: string;
  readonly gatewayUrl: string;
  readonly resumeUrl: string;
  /** Privileged intents enabled for the app in the developer portal; others close with 4014. */
  readonly privilegedIntents: number;
  readonly frames: EventLog<GatewayFrame>;
  readonly newSessionId: () => string;
}

interface Session {
  readonly id: string;
  readonly intents: number;
  seq: number;
  socket: WebSocket | null;
  connectionId: number;
  readonly replay: { readonly s: number; readonly text: string }[];
}

interface Connection {
  readonly id: number;
  readonly socket: WebSocket;
  session: Session | null;
}

/**
 * Discord's gateway over plain JSON text frames (no zlib: discord.js only asks for zlib-stream
 * when zlib-sync is installed, and it parses text frames even when it did ask).
 */
export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();
  #nextConnectionId = 1;

  constructor(private readonly deps: GatewayDeps) {}

  get openConnections(): number {
    return this.#connections.size;
  }

  /** Whether some session can receive dispatches (connected, or resumable and buffering). */
  hasSession(): boolean {
    return this.#sessions.size > 0;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://emulator');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/resume') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, url.searchParams));
  }

  #accept(socket: WebSocket, query: URLSearchParams): void {
    const connection: Connection = { id: this.#nextConnectionId++, socket, session: null };
    this.#connections.add(connection);
    socket.on('close', (code) => this.#onClose(connection, code));
    socket.on('error', () => socket.terminate());
    if (query.get('v') !== '10') {
      socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    this.#send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.deps.heartbeatIntervalMs, _trace: ['["emulator",{}]'] },
      s: null,
      t: null,
    });
  }

  #onClose(connection: Connection, code: number): void {
    this.#connections.delete(connection);
    const session = connection.session;
    if (!session || session.connectionId !== connection.id) return;
    session.socket = null;
    // A normal close (1000/1001) ends the session; any other code leaves it resumable.
    if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(rawText(data)) as { op?: unknown; d?: unknown };
    } catch {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    const d = isObject(payload.d) ? payload.d : {};
    this.#log('in', connection, op, null, null, redactToken(op, payload.d));
    if (
      !connection.session &&
      op !== GatewayOpcodes.Heartbeat &&
      op !== GatewayOpcodes.Identify &&
      op !== GatewayOpcodes.Resume
    ) {
      connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.#send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.#identify(connection, d);
        return;
      case GatewayOpcodes.Resume:
        this.#resume(connection, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return;
      case GatewayOpcodes.RequestGuildMembers:
        this.#guildMembers(connection, d);
        return;
      default:
        connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(connection: Connection, d: Record<string, unknown>): void {
    if (connection.session) {
      connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (d['token'] !== this.deps.token && d['token'] !== `Bot ${this.deps.token}`) {
      connection.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = typeof d['intents'] === 'number' ? d['intents'] : 0;
    if ((intents & PRIVILEGED_INTENTS & ~this.deps.privilegedIntents) !== 0) {
      connection.socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard = Array.isArray(d['shard']) ? d['shard'] : [0, 1];
    if (shard[0] !== 0 || shard[1] !== 1) {
      connection.socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    const session: Session = {
      id: this.deps.newSessionId(),
      intents,
      seq: 0,
      socket: connection.socket,
      connectionId: connection.id,
      replay: [],
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    const { world } = this.deps;
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user: { ...world.userJson(world.bot) },
      guilds: [...world.guilds.values()].map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.deps.resumeUrl,
      shard: [0, 1],
      application: { id: this.deps.applicationId, flags: 1 << 19 },
      user_settings: {},
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['emulated'],
      auth: {},
      _trace: ['["emulator",{}]'],
    });
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of world.guilds.values()) {
        if (!guild.unavailable) this.#dispatchTo(session, 'GUILD_CREATE', world.guildCreateJson(guild));
      }
    }
  }

  #resume(connection: Connection, d: Record<string, unknown>): void {
    const session = typeof d['session_id'] === 'string' ? this.#sessions.get(d['session_id']) : undefined;
    const tokenOk = d['token'] === this.deps.token || d['token'] === `Bot ${this.deps.token}`;
    if (!session || !tokenOk) {
      // d: false = not resumable; discord.js then identifies afresh.
      this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.socket && session.socket !== connection.socket) session.socket.terminate();
    session.socket = connection.socket;
    session.connectionId = connection.id;
    connection.session = session;
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0;
    for (const event of session.replay) {
      if (event.s > seq) this.#sendText(connection.socket, event.text);
    }
    this.#dispatchTo(session, 'RESUMED', { _trace: ['["emulator",{}]'] });
  }

  #guildMembers(connection: Connection, d: Record<string, unknown>): void {
    const guild = typeof d['guild_id'] === 'string' ? this.deps.world.guilds.get(d['guild_id']) : undefined;
    if (!guild || !connection.session) return;
    const wanted = Array.isArray(d['user_ids']) ? d['user_ids'].map(String) : null;
    const query = typeof d['query'] === 'string' ? d['query'].toLowerCase() : '';
    const members = [...guild.members.values()].filter((m) =>
      wanted ? wanted.includes(m.user.id) : m.user.username.toLowerCase().startsWith(query),
    );
    this.#dispatchTo(connection.session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.map((m) => {
        const { permissions: _p, ...json } = this.deps.world.memberJson(guild, m);
        return json;
      }),
      chunk_index: 0,
      chunk_count: 1,
      ...(typeof d['nonce'] === 'string' ? { nonce: d['nonce'] } : {}),
      ...(wanted ? { not_found: wanted.filter((id) => !guild.members.has(id)) } : {}),
    });
  }

  /** Sends a dispatch to every session whose intents include `intent` (null: no intent needed). */
  dispatch(event: string, data: JsonObject, intent: number | null): void {
    for (const session of this.#sessions.values()) {
      if (intent === null || (session.intents & intent) !== 0) this.#dispatchTo(session, event, data);
    }
  }

  /** Closes every live gateway connection with `code` (4000 = resumable, as Discord does on restarts). */
  closeConnections(code: number, reason: string): void {
    for (const connection of this.#connections) connection.socket.close(code, reason);
  }

  /** Ends every connection at once; no client gets a clean close frame. */
  async stop(): Promise<void> {
    const closed = [...this.#connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.socket.readyState === connection.socket.CLOSED) resolve();
          else connection.socket.once('close', () => resolve());
          connection.socket.terminate();
        }),
    );
    await Promise.all(closed);
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #dispatchTo(session: Session, event: string, data: JsonObject): void {
    session.seq += 1;
    const payload = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data };
    const text = JSON.stringify(payload);
    session.replay.push({ s: session.seq, text });
    if (session.replay.length > REPLAY_BUFFER) session.replay.shift();
    const connection = [...this.#connections].find((c) => c.id === session.connectionId);
    this.#log('out', connection ?? null, GatewayOpcodes.Dispatch, event, session.seq, data, session.id);
    if (session.socket) this.#sendText(session.socket, text);
  }

  #send(connection: Connection, payload: { op: number; d: Json; s: null; t: null }): void {
    this.#log('out', connection, payload.op, null, null, payload.d);
    this.#sendText(connection.socket, JSON.stringify(payload));
  }

  #sendText(socket: WebSocket, text: string): void {
    // A string is sent as a TEXT frame; never a Buffer, which would be a binary frame.
    if (socket.readyState === socket.OPEN) socket.send(text);
  }

  #log(
    direction: 'in' | 'out',
    connection: Connection | null,
    op: number,
    t: string | null,
    s: number | null,
    d: unknown,
    sessionId?: string,
  ): void {
    this.deps.frames.push({
      direction,
      sessionId: sessionId ?? connection?.session?.id ?? null,
      connectionId: connection?.id ?? 0,
      op,
      t,
      s,
      d,
      at: this.deps.clock(),
    });
  }
}

/** A WebSocket message's text, whichever of ws's RawData shapes it arrived in. */
export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bot token never lands in the frame log. */
function redactToken(op: number, d: unknown): unknown {
  if ((op === GatewayOpcodes.Identify || op === GatewayOpcodes.Resume) && isObject(d) && 'token' in d)
    return { ...d, token: '[redacted]' };
  return d;
}
