import { createCaseService } from './bootstrap';
import { loadCaseConfig } from './config';

async function main() {
  const config = loadCaseConfig();
  const app = await createCaseService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
