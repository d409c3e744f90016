// Used by `tools/infra up`: writes the development Prometheus's configuration into the given folder
// (prometheus.yml from ops/prometheus/prometheus.yml: the services on 127.0.0.1 at the README's ports,
// scraped every 5 s, the repository's rules) and the metrics token beside it (METRICS_TOKEN, else the
// demo's `demo-metrics-token`, which `npm run up` gives the services too).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROMETHEUS_CONFIG, RULES_DIR } from './ops-files';
import { localPrometheusConfig, onThisMachine } from './prometheus-config';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tools/run-ts.js ops/src/write-dev-prometheus-config.ts <folder>');
  process.exit(2);
}
const out = resolve(dir);
mkdirSync(out, { recursive: true });
const tokenFile = join(out, 'metrics-token');
writeFileSync(tokenFile, `${process.env.METRICS_TOKEN || 'demo-metrics-token'}\n`, { mode: 0o600 });
chmodSync(tokenFile, 0o600);
writeFileSync(
  join(out, 'prometheus.yml'),
  localPrometheusConfig(readFileSync(PROMETHEUS_CONFIG, 'utf8'), {
    targets: onThisMachine,
    tokenFile,
    rules: join(RULES_DIR, '*.rules.yml'),
    scrapeInterval: '5s',
    evaluationInterval: '5s',
  }),
);
