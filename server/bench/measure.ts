import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * Figures read from /proc and the servers' own endpoints. CPU time in seconds, in user mode and
 * in the kernel (on loopback a send's system time includes the receiver's TCP work), the count
 * of page faults (on this VM the first touch of a page costs ~15 µs: memory a process grows into
 * is expensive here), and of write and read system calls.
 */
export function processUsage(pid: number): { user: number; system: number; faults: number; writes: number; reads: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Write and read system calls (write, writev, send…; read, recv…) of all the process's threads.
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const count = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? Number.NaN);
  // minflt, utime and stime are fields 10, 14 and 15 of /proc/PID/stat (here 7, 11 and 12 after the name).
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100, faults: Number(fields[7]), writes: count('syscw'), reads: count('syscr') };
}

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function summarize(values: readonly number[]): { median: number; min: number; max: number } {
  return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) };
}

/** Event-loop delay p99 since the last read (ms): Cognitrap's /metrics or the baseline's /stats. */
export async function eventLoopP99Ms(url: string, kind: 'cognitrap' | 'baseline'): Promise<number> {
  if (kind === 'baseline') return ((await (await fetch(new URL('/stats', url))).json()) as { eventLoopP99Ms: number }).eventLoopP99Ms;
  const text = await (await fetch(new URL('/metrics', url))).text();
  return Number(/^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)?.[1] ?? 0) * 1000;
}

/** A Redis's use so far, as its INFO tells: CPU seconds (its own and its finished children's), commands processed, AOF rewrites. */
export type RedisUsage = { cpu: number; commands: number; rewrites: number };

export async function redisUsage(client: Redis): Promise<RedisUsage> {
  const info = await client.info();
  const field = (name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  // Children: the AOF rewrites Redis forks (counted once a child has finished), on Redis's core too.
  return {
    cpu: field('used_cpu_user') + field('used_cpu_sys') + field('used_cpu_user_children') + field('used_cpu_sys_children'),
    commands: field('total_commands_processed'), rewrites: field('aof_rewrites'),
  };
}
