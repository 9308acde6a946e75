import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsCluster } from './nats-cluster';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stream's leader (server name), or null while it has none or cannot be asked. */
export async function streamLeader(jsm: JetStreamManager, stream: string): Promise<string | null> {
  try {
    return (await jsm.streams.info(stream)).cluster?.leader ?? null;
  } catch {
    return null;
  }
}

/** The stream's last sequence, or null while it cannot be asked (no leader). */
export async function lastSeq(jsm: JetStreamManager, stream: string): Promise<number | null> {
  try {
    return (await jsm.streams.info(stream)).state.last_seq;
  } catch {
    return null;
  }
}

/**
 * Asks the stream's leader to step down until `target` leads it (a new leader is chosen at
 * random), so a test can put the leaders it wants to kill on one node.
 */
export async function moveStreamLeader(
  nc: NatsConnection,
  jsm: JetStreamManager,
  stream: string,
  target: string,
): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const leader = await streamLeader(jsm, stream);
    if (leader === target) return;
    if (leader) {
      await nc
        .request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, '', { timeout: 5000 })
        .catch(() => undefined);
    }
    await sleep(500);
  }
  throw new Error(`${stream}: could not move its leader to ${target}`);
}

/** Milliseconds from `since` until the stream's last sequence passes `seq`. */
export async function untilPublishedPast(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
  since: number,
  timeoutMs = 120_000,
): Promise<number> {
  for (;;) {
    const now = await lastSeq(jsm, stream);
    if (now !== null && now > seq) return Date.now() - since;
    if (Date.now() - since > timeoutMs) {
      throw new Error(`${stream}: nothing published for ${timeoutMs} ms after ${seq}`);
    }
    await sleep(50);
  }
}

interface StreamDetail {
  name: string;
  state: { messages: number; last_seq: number };
}

/** A stream's last sequence in one node's own copy (its monitoring port), or null. */
export async function replicaLastSeq(
  cluster: NatsCluster,
  nodeName: string,
  stream: string,
): Promise<number | null> {
  const node = cluster.node(nodeName);
  try {
    const res = await fetch(
      `http://127.0.0.1:${node.ports.monitor}/jsz?accounts=true&streams=true`,
      { signal: AbortSignal.timeout(3000) },
    );
    const body = (await res.json()) as {
      account_details?: { stream_detail?: StreamDetail[] }[];
    };
    for (const account of body.account_details ?? []) {
      const found = account.stream_detail?.find((s) => s.name === stream);
      if (found) return found.state.last_seq;
    }
    return null;
  } catch {
    return null;
  }
}
