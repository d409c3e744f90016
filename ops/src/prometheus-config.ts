import YAML from 'yaml';

export interface LocalPrometheusOptions {
  /**
   * The targets of each job of the shipped file, from the ones it names (`case-service:3001`);
   * null leaves the job out.
   */
  targets: (job: string, shipped: string[]) => string[] | null;
  /** The file holding the services' metrics token (an absolute path). */
  tokenFile: string;
  /** The rule files, as a glob (an absolute path). */
  rules: string;
  scrapeInterval: string;
  evaluationInterval: string;
}

interface ScrapeConfig {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  authorization?: { credentials_file?: string; credentials?: string };
  scrape_interval?: string;
}

/**
 * A copy of the shipped configuration (ops/prometheus/prometheus.yml) for a Prometheus on this
 * machine: the same jobs, scraped where the services run here, with the token file and the rules
 * given as absolute paths. `tools/infra up` writes one for development (the README's ports), and the
 * scrape test one for the services it started.
 */
export function localPrometheusConfig(shipped: string, o: LocalPrometheusOptions): string {
  const config = YAML.parse(shipped) as {
    global: Record<string, unknown>;
    rule_files: string[];
    scrape_configs: ScrapeConfig[];
  };
  config.global = {
    ...config.global,
    scrape_interval: o.scrapeInterval,
    scrape_timeout: o.scrapeInterval,
    evaluation_interval: o.evaluationInterval,
  };
  config.rule_files = [o.rules];
  config.scrape_configs = config.scrape_configs.flatMap((job) => {
    const shippedTargets = (job.static_configs ?? []).flatMap((s) => s.targets);
    const targets = o.targets(job.job_name, shippedTargets);
    if (!targets) return [];
    return [
      {
        ...job,
        ...(job.authorization ? { authorization: { credentials_file: o.tokenFile } } : {}),
        static_configs: [{ targets }],
      },
    ];
  });
  return (
    '# Written from ops/prometheus/prometheus.yml for a Prometheus on this machine: change that file, not this one.\n' +
    YAML.stringify(config)
  );
}

/** The shipped targets' ports on 127.0.0.1, as `npm run up` runs the services. */
export const onThisMachine = (_job: string, shipped: string[]) =>
  shipped.map((t) => `127.0.0.1:${t.slice(t.lastIndexOf(':') + 1)}`);
