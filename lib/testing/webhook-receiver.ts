import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP receiver for outbound-webhook tests: records every request, answers as `respond` says. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}

export interface Receiver {
  port: number;
  url: string;
  received: Received[];
  respond: (req: Received, n: number) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

export async function startReceiver(host = "127.0.0.1"): Promise<Receiver> {
  const receiver = {
    received: [] as Received[],
    respond: (() => ({ status: 200 })) as Receiver["respond"],
  } as Receiver;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const entry = { headers: req.headers, body, path: req.url ?? "/" };
      receiver.received.push(entry);
      const { status, headers } = receiver.respond(entry, receiver.received.length);
      res.writeHead(status, headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://${host}:${receiver.port}/hook`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
