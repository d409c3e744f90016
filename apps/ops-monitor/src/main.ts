import { createOpsMonitor } from './bootstrap';
import { loadOpsConfig } from './config';

async function main() {
  const config = loadOpsConfig();
  const app = await createOpsMonitor(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
