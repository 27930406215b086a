/**
 * A loopback HTTP server that records every request and answers from a route table: the stand-in for
 * Twilio's API in unit tests (the providers' base URLs point at it, as TWILIO_*_BASE_URL would).
 */
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = { status: number; json?: unknown };
export type Route = (request: RecordedRequest) => Answer | undefined;

export interface LocalServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Routes are tried newest first; no match answers 404. */
  route(route: Route): void;
  reset(): void;
  stop(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  let routes: Route[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = routes.map((route) => route(recorded)).find((a) => a !== undefined) ?? { status: 404 };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (route) => {
      routes = [route, ...routes];
    },
    reset: () => {
      requests.length = 0;
      routes = [];
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
