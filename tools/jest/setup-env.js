// Every test runs with the clock in UTC, as production servers do.
process.env.TZ = 'UTC';
