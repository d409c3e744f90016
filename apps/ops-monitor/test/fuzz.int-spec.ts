import { describeFuzzing, startServiceUnderTest } from '@city/platform-testing';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig } from '../src/config';

/** Hostile input at every route of the ops-monitor (docs/scale-out.md, Fuzzing). */
describeFuzzing({
  app: 'ops-monitor',
  start: () =>
    startServiceUnderTest({ label: 'ops_fuzz', load: loadOpsConfig, create: (c) => createOpsMonitor(c) }),
});
