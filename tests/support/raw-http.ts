import { connect, type Socket } from "node:net";

/** A TCP connection to the server, established (accepted by the server) before any request is written. */
export function openConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

export type RawResponse = { status: number; head: string; headers: Record<string, string>; body: Buffer; complete: boolean; error?: string; closedAt: number };

/**
 * Writes one GET on an open connection and reads until the server closes it. `complete` is true only
 * when the body has exactly the announced Content-Length, so a response cut off by a stop shows up.
 */
export function requestOn(
  socket: Socket,
  path: string,
  host: string,
  post?: { origin: string; form: Record<string, string> },
): { sent: Promise<void>; response: Promise<RawResponse> } {
  const chunks: Buffer[] = [];
  const response = new Promise<RawResponse>((resolve) => {
    let error: string | undefined;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (e) => (error = String(e)));
    socket.on("close", () => resolve({ ...parse(Buffer.concat(chunks), error), closedAt: performance.now() }));
  });
  const body = post ? new URLSearchParams(post.form).toString() : "";
  const head = post
    ? `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${post.origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`
    : `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
  const sent = new Promise<void>((resolve) => socket.write(head + body, () => resolve()));
  return { sent, response };
}

function parse(raw: Buffer, error: string | undefined): Omit<RawResponse, "closedAt"> {
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return { status: 0, headers: {}, body: Buffer.alloc(0), complete: false, head: "", error: error ?? `no response (${raw.length} bytes)` };
  const head = raw.subarray(0, split).toString("latin1");
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(":");
      return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  const body = raw.subarray(split + 4);
  const status = Number(statusLine?.split(" ")[1] ?? 0);
  const length = Number(headers["content-length"] ?? Number.NaN);
  return { status, head, headers, body, complete: Number.isFinite(length) && body.length === length, error };
}
