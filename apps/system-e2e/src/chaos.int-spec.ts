import { runChaos, type ChaosReport } from '@city/platform-testing';

/**
 * The short chaos run of CI (`npm run chaos` is the long one): a minute of the city's mix on a
 * three-broker cluster while the gateway, each consumer service, the broker leading the intake
 * topic, PostgreSQL and Redis fail in turn. Nothing acknowledged may be lost or doubled.
 */
describe('the whole system under faults, on a three-broker cluster', () => {
  let report: ChaosReport;
  const lines: string[] = [];

  beforeAll(async () => {
    report = await runChaos({
      seconds: Number(process.env.CHAOS_SECONDS ?? 60),
      // A third of npm run chaos's rate: on CI's busier machine, 12 a second left thousands of
      // timers firing late (not lost) when the settling time ran out.
      rate: 4,
      settleSeconds: 300,
      log: (l) => lines.push(l),
    });
  }, 900_000);

  afterAll(() => {
    // What happened, for whoever reads the CI log.
    console.log([...lines, JSON.stringify(report?.counts), ...(report?.notes ?? [])].join('\n'));
  });

  it('every fault happened under load, and the load was real: requests on every channel, agents at work, timers due', () => {
    expect(report.faults.map((f) => f.what)).toEqual([
      'SIGKILL intake-gateway',
      'SIGKILL case-service',
      'SIGKILL workflow-service',
      'SIGKILL notification-service',
      'SIGKILL ops-monitor',
      'SIGKILL the Kafka broker leading intake partition 0',
      'PostgreSQL stopped (immediate) and started',
      'Redis flushed (FLUSHALL)',
    ]);
    expect(report.load.accepted).toBeGreaterThan(150);
    expect(report.agents.resolved).toBeGreaterThan(20);
    expect(report.counts.timerFacts).toBeGreaterThan(50);
    expect(report.counts.emails).toBeGreaterThan(100);
  });

  it('nothing acknowledged lost or doubled: every 202 one routed case, every due timer fired once, no message twice, no dead letter', () => {
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({
      acceptedWithoutCase: 0,
      casesNotRouted: 0,
      timersOverdue: 0,
      messagesSentTwice: 0,
      deadLetters: 0,
      casesNotOnTheOpsBoard: 0,
    });
  });
});
