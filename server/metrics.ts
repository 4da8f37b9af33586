import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (DESIGN.md §9). prom-client is the standard Node client; its default
 * metrics include event-loop delay percentiles (nodejs_eventloop_lag_p99_seconds) and memory.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({ name: 'cognitrap_connections', help: 'Open Socket.IO connections by role', labelNames: ['role'] as const, registers }),
    commands: new Counter({ name: 'cognitrap_commands_total', help: 'Commands answered, by command and outcome (ok or error code)', labelNames: ['command', 'outcome'] as const, registers }),
    ackLatency: new Histogram({
      name: 'cognitrap_ack_latency_seconds', help: 'Time from receiving a command to sending its ack (after the pushes it caused)', labelNames: ['command'] as const, registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    storeUp: new Gauge({ name: 'cognitrap_store_up', help: '1 while the store answers, 0 while the circuit breaker is open', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
