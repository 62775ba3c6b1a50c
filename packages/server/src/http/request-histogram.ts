import type { Metric, MetricValueWithName, Registry } from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

interface Series {
  method: string;
  route: string;
  status: string;
  /** Non-cumulative counts per bucket; the last slot is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * HTTP latency by method, route and status. prom-client's Histogram hashes a label object on
 * every observation, which cost about a sixth of the throughput of a cheap authenticated route;
 * here a request adds to plain numbers under one string key, and the Prometheus series are built
 * only when /metrics is scraped.
 */
export class RequestHistogram {
  readonly name = 'clearinghouse_http_request_duration_seconds';
  readonly help = 'HTTP request duration by route and status.';
  private readonly series = new Map<string, Series>();

  constructor(registry: Registry) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = {
        method,
        route,
        status: String(status),
        counts: new Array<number>(BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > (BUCKETS[i] as number)) i++;
    s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += seconds;
    s.count++;
  }

  /** The shape prom-client's registry renders (the same one its own Histogram returns). */
  get(): {
    name: string;
    help: string;
    type: string;
    values: MetricValueWithName<string>[];
    aggregator: 'sum';
  } {
    const values: MetricValueWithName<string>[] = [];
    for (const s of this.series.values()) {
      const labels = { method: s.method, route: s.route, status: s.status };
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.counts[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }

  reset(): void {
    this.series.clear();
  }
}
