import { createWorkflowService } from './bootstrap';
import { loadWorkflowConfig } from './config';

async function main() {
  const config = loadWorkflowConfig();
  const app = await createWorkflowService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
