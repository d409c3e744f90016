import { createNotificationService } from './bootstrap';
import { loadNotificationConfig } from './config';

async function main() {
  const config = loadNotificationConfig();
  const app = await createNotificationService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
