// npm run chaos: the whole back end under the city's mix on a three-broker Kafka cluster while its
// parts are killed and restarted in turn (libs/platform/testing/src/chaos/chaos-run.ts says which and
// what is checked). Prints the faults, the counts and every problem found; exits 1 on any loss or
// duplicate. Needs `tools/infra up` (the Kafka jars, Keycloak for the agents' sign-in) and the
// PostgreSQL server and redis-server programs. Settings: CHAOS_SECONDS (180), CHAOS_RATE (12
// requests/s), CHAOS_DOWN_MS (3000), CHAOS_SETTLE_SECONDS (240).
import { runChaos } from '@city/platform-testing';

async function main() {
  const report = await runChaos({
    seconds: Number(process.env.CHAOS_SECONDS ?? 180),
    rate: Number(process.env.CHAOS_RATE ?? 12),
    downMs: Number(process.env.CHAOS_DOWN_MS ?? 3000),
    settleSeconds: Number(process.env.CHAOS_SETTLE_SECONDS ?? 240),
  });
  console.log('\nfaults');
  for (const f of report.faults)
    console.log(
      `  ${f.what.padEnd(52)} at ${f.at.toFixed(0).padStart(4)} s, back at ${f.back.toFixed(0).padStart(4)} s`,
    );
  console.log('\nload');
  console.log(
    `  accepted ${report.load.accepted} in ${report.load.seconds.toFixed(0)} s (${report.load.retriedThenAccepted} after a retry), given up ${report.load.gaveUp}, refused ${report.load.refused}; answers on the way ${JSON.stringify(report.load.failures)}`,
  );
  console.log(
    `  agents took ${report.agents.taken} and resolved ${report.agents.resolved}; failed calls ${JSON.stringify(report.agents.failures)}`,
  );
  console.log('\ncounts');
  for (const [k, v] of Object.entries(report.counts)) console.log(`  ${k.padEnd(40)} ${v}`);
  for (const note of report.notes) console.log(`\nnote: ${note}`);
  if (report.problems.length) {
    console.log(`\n${report.problems.length} PROBLEMS`);
    for (const p of report.problems) console.log(`  - ${p}`);
    process.exit(1);
  }
  console.log(
    '\nno loss, no duplicate: every 202 is one routed case, every due timer fired once, no message twice, no dead letter',
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
