import { withOnboardedCities } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { createOpsMonitor } from './bootstrap';
import { loadOpsConfig } from './config';

async function main() {
  const files = loadOpsConfig();
  // The cities onboarded through the admin API beside those of the files (docs/multi-tenancy.md).
  const config = await withOnboardedCities(
    files,
    'ops-monitor',
    createLogger('ops-monitor', files.LOG_LEVEL),
  );
  const app = await createOpsMonitor(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
