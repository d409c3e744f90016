import { createOpsMonitor, withOnboardedCities } from './bootstrap';
import { loadOpsConfig } from './config';

async function main() {
  const files = loadOpsConfig();
  // The cities onboarded through the admin API beside those of the files (docs/multi-tenancy.md).
  const config = await withOnboardedCities(files, 'ops-monitor');
  const app = await createOpsMonitor(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
