/**
 * Plain GET routes a feature serves from the bot's own server (a digest chart image, a CSV
 * download), without the feature seeing restify. Routes are mounted when the app is built.
 *
 * @example
 *   services.routes.get('/files/:token', async ({ params }) => ({ status: 200, contentType: 'text/csv', body }));
 */

export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  /** Request headers, lower-case names (a route reading its own cookie). */
  headers?: Record<string, string | undefined>;
}

export interface RouteResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => Promise<RouteResponse>;

export class HttpRoutes {
  readonly routes: { path: string; handler: RouteHandler }[] = [];

  get(path: string, handler: RouteHandler): void {
    this.routes.push({ path, handler });
  }
}
