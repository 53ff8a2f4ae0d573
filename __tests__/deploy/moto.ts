/** The moto AWS emulator as a server on 127.0.0.1, started and stopped by the suite. */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { killTree } from "./processes";

/** A running moto server. */
export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  readonly logFile: string;
  /** Forgets every resource (moto's own reset API), between configs. */
  reset(): Promise<void>;
  /** Stops the server by its PID (and its children); safe to call twice. */
  stop(): void;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string, method = "GET"): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode} before it was ready`);
    if ((await httpStatus(`${endpoint}/moto-api/`)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`moto_server was not ready at ${endpoint} within ${timeoutMs} ms`);
}

/** Starts `moto_server -H 127.0.0.1 -p <free port>` and waits (bounded) until it answers. */
export async function startMoto(motoServer: string, logFile: string, readyTimeoutMs = 60_000): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, "a");
  const child = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", log, log] });
  if (child.pid === undefined) throw new Error(`moto_server did not start: ${motoServer}`);
  const pid = child.pid;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    killTree(pid, "SIGTERM");
  };
  process.once("exit", stop);
  try {
    await waitReady(endpoint, child, readyTimeoutMs);
  } catch (error) {
    stop();
    throw error;
  }
  const reset = async (): Promise<void> => {
    const status = await httpStatus(`${endpoint}/moto-api/reset`, "POST");
    if (status !== 200) throw new Error(`moto reset answered HTTP ${status}`);
  };
  return { endpoint, pid, logFile, reset, stop };
}
