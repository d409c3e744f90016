import { describeFuzzing, startServiceUnderTest } from '@city/platform-testing';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';

/** Hostile input at every route of the case-service, staff and citizens' (docs/scale-out.md, Fuzzing). */
describeFuzzing({
  app: 'case-service',
  start: () =>
    startServiceUnderTest({ label: 'cs_fuzz', load: loadCaseConfig, create: (c) => createCaseService(c) }),
});
