import type { Route } from './rest-routes.js';

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches '/a/:b/c' patterns segment by segment; literal segments win over parameters. */
export class Router {
  readonly #routes: { route: Route; segments: string[] }[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, segments: route.pattern.split('/').filter(Boolean) }));
  }

  match(method: string, path: string): RouteMatch | null {
    const parts = path.split('/').filter(Boolean);
    let best: { match: RouteMatch; literals: number } | null = null;
    for (const { route, segments } of this.#routes) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const matched = segments.every((segment, index) => {
        const part = parts[index] ?? '';
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = decodeURIComponent(part);
          return true;
        }
        literals += 1;
        return segment === part;
      });
      if (matched && (!best || literals > best.literals)) best = { match: { route, params }, literals };
    }
    return best?.match ?? null;
  }
}
