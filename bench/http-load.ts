import http from 'node:http';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Load {
  completed: number;
  /** Responses with another status than expected; not counted as completed. */
  unexpected: number;
  seconds: number;
  latenciesMs: number[];
}

/**
 * `concurrency` keep-alive connections, each sending the next request as soon
 * as the last one's response has been read, for `seconds`. The agent is kept
 * by the caller so that later runs reuse warm connections.
 */
export async function runLoad(agent: http.Agent, url: string, request: LoadRequest,
  expectedStatus: number, seconds: number, concurrency: number): Promise<Load> {
  const load: Load = { completed: 0, unexpected: 0, seconds, latenciesMs: [] };
  const deadline = performance.now() + seconds * 1000;

  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const status = await send(agent, url, request);
      if (status !== expectedStatus) load.unexpected += 1;
      else {
        load.completed += 1;
        load.latenciesMs.push(performance.now() - started);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return load;
}

export function keepAliveAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency });
}

/** Sends one request and answers its status once the whole response has been read. */
export function send(agent: http.Agent, url: string, { method, path, headers, body }: LoadRequest):
  Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, url), { method, headers, agent }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}
