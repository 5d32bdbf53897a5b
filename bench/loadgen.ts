/**
 * A small HTTP/1.1 load generator, run in a worker thread so it has an event loop of its own: N
 * keep-alive connections over loopback, each sending the next GET as soon as the last response is
 * complete (closed loop, no pipelining). Responses are framed by Content-Length (what Fastify sends
 * for JSON) or chunked encoding; bodies are counted, not kept. Requests completing during the
 * warm-up are not counted; latency is from writing the request to the last byte of the response.
 */
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";

export interface LoadJob {
  host: string;
  port: number;
  path: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Sent as Accept-Encoding (as a browser does); none unless given. */
  acceptEncoding?: string | undefined;
}

export interface LoadResult {
  /** Completed in the measured window. */
  requests: number;
  warmupRequests: number;
  measuredMs: number;
  /** Milliseconds, one per request counted. */
  latencies: Float64Array;
  statuses: Record<string, number>;
  socketErrors: number;
  errorMessages: string[];
  bytes: number;
  /** CPU time of this load-generator thread during the measured window, ms. */
  cpuMs: number;
}

/** Posted when the measured window starts and ends, so the caller can sample CPU counters then. */
export interface WindowMessage {
  window: "start" | "end";
}

const CRLFCRLF = Buffer.from("\r\n\r\n");
const CHUNKED_END = Buffer.from("0\r\n\r\n");

function run(job: LoadJob): Promise<LoadResult> {
  const t0 = performance.now();
  const measureFrom = t0 + job.warmupMs;
  const end = measureFrom + job.durationMs;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let warmupRequests = 0;
  let bytes = 0;
  let socketErrors = 0;
  const errorMessages: string[] = [];
  const statuses: Record<string, number> = {};
  let cpuStart = process.threadCpuUsage();
  let cpuMs = 0;
  setTimeout(() => {
    cpuStart = process.threadCpuUsage();
    parentPort?.postMessage({ window: "start" } satisfies WindowMessage);
  }, Math.max(0, measureFrom - performance.now()));
  let ended = false;
  const endWindow = () => {
    if (ended) return;
    ended = true;
    const d = process.threadCpuUsage(cpuStart);
    cpuMs = (d.user + d.system) / 1000;
    parentPort?.postMessage({ window: "end" } satisfies WindowMessage);
  };
  const endTimer = setTimeout(endWindow, Math.max(0, end - performance.now()));
  const request = Buffer.from(`GET ${job.path} HTTP/1.1\r\nHost: ${job.host}:${job.port}\r\nAccept: application/json\r\n${job.acceptEncoding ? `Accept-Encoding: ${job.acceptEncoding}\r\n` : ""}\r\n`, "latin1");

  const record = (started: number, done: number, status: number, size: number) => {
    if (done < measureFrom) {
      warmupRequests++;
      return;
    }
    if (done > end) return;
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = done - started;
    statuses[status] = (statuses[status] ?? 0) + 1;
    bytes += size;
  };

  const connection = () =>
    new Promise<void>((resolve) => {
      const open = () => {
        const socket = connect({ host: job.host, port: job.port, noDelay: true });
        let started = 0;
        let inFlight = false;
        let head: Buffer | null = null;
        let status = 0;
        let remaining = 0;
        let chunked = false;
        let tail = Buffer.alloc(0);
        let size = 0;
        const send = () => {
          if (performance.now() >= end) {
            socket.end();
            resolve();
            return;
          }
          head = Buffer.alloc(0);
          size = 0;
          inFlight = true;
          started = performance.now();
          socket.write(request);
        };
        const complete = () => {
          inFlight = false;
          record(started, performance.now(), status, size);
          send();
        };
        const body = (data: Buffer) => {
          size += data.length;
          if (chunked) {
            tail = Buffer.concat([tail, data]).subarray(-CHUNKED_END.length);
            if (tail.equals(CHUNKED_END)) complete();
          } else {
            remaining -= data.length;
            if (remaining <= 0) complete();
          }
        };
        socket.on("connect", send);
        socket.on("data", (data: Buffer) => {
          if (!inFlight) return;
          if (head === null) return body(data);
          const buf = head.length ? Buffer.concat([head, data]) : data;
          const at = buf.indexOf(CRLFCRLF);
          if (at < 0) {
            head = buf;
            return;
          }
          const text = buf.subarray(0, at).toString("latin1");
          head = null;
          status = Number(text.slice(9, 12));
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
          chunked = !length && /\r\ntransfer-encoding:\s*chunked/i.test(text);
          remaining = length ? Number(length[1]) : 0;
          tail = Buffer.alloc(0);
          const rest = buf.subarray(at + 4);
          if (!chunked && remaining === 0) return complete();
          body(rest);
        });
        socket.on("error", (err) => {
          socketErrors++;
          if (errorMessages.length < 5) errorMessages.push(err.message);
        });
        socket.on("close", () => {
          if (inFlight || performance.now() < end) {
            // Dropped mid-request or closed by the server: count it and open a new connection.
            if (inFlight) socketErrors++;
            inFlight = false;
            if (performance.now() < end) setTimeout(open, 5);
            else resolve();
          }
        });
      };
      open();
    });

  return Promise.all(Array.from({ length: job.connections }, connection)).then(() => {
    clearTimeout(endTimer);
    endWindow();
    return result();
  });

  function result(): LoadResult {
    return {
      requests: count,
      warmupRequests,
      measuredMs: job.durationMs,
      latencies: latencies.slice(0, count),
      statuses,
      socketErrors,
      errorMessages,
      bytes,
      cpuMs,
    };
  }
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadJob).then(
    (result) => port.postMessage(result, [result.latencies.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ error: String(err) }),
  );
}
