import { metricNamesIn, metricNamesInVariableQuery, withGrafanaVariablesFilledIn } from './promql';

describe('the metric names a PromQL expression reads', () => {
  it.each([
    ['up == 0', ['up']],
    ['up{job="case-service"} == 0', ['up']],
    // Label names and values, grouping labels, functions and aggregations are not metrics.
    [
      'histogram_quantile(0.95, sum by (service, route, le) (rate(http_server_request_duration_seconds_bucket{status_code=~"5..", route="/a/:b"}[5m])))',
      ['http_server_request_duration_seconds_bucket'],
    ],
    ['sum(rate(a_total[1m])) by (job) / on (job) group_left (team) b_info', ['a_total', 'b_info']],
    ['sum without (instance) (a) > bool 3', ['a']],
    ['max by(service)(a) and ignoring(x) b unless c or d', ['a', 'b', 'c', 'd']],
    // Durations, offsets, numbers in every notation, modifiers.
    ['increase(a[5m] offset 1h) > 1e3 and b @ end() < 0x1F + 0.5 - Inf', ['a', 'b']],
    ['(a unless a offset 5m) and on (job, instance) (up offset 5m == 1)', ['a', 'up']],
    ['delta(a[10m:1m]) > 0', ['a']],
    // Recording rules' names hold colons.
    [
      'service:http_server_errors:rate5m / service:http_server_requests:rate5m > 0.05',
      ['service:http_server_errors:rate5m', 'service:http_server_requests:rate5m'],
    ],
    // A string that looks like a name is a string.
    ['label_replace(a, "dst", "not_a_metric", "src", "(.*)")', ['a']],
    // Grafana's variables.
    ['sum(rate(a{job=~"$job"}[$__rate_interval])) * ${factor}', ['a']],
    ['# a comment naming b\nc', ['c']],
  ])('%s', (expr, names) => {
    expect(metricNamesIn(expr)).toEqual(names);
  });

  it('refuses a selector by __name__, whose metric it cannot see', () => {
    expect(() => metricNamesIn('{__name__="a"}')).toThrow(/__name__/);
  });
});

describe("the metric names a Grafana variable's query reads", () => {
  it.each([
    ['label_values(up, job)', ['up']],
    ['label_values(a{b="x,y"}, channel)', ['a']],
    ['label_values(job)', []],
    ['query_result(topk(5, a))', ['a']],
    ['label_names()', []],
  ])('%s', (query, names) => {
    expect(metricNamesInVariableQuery(query)).toEqual(names);
  });
});

describe("Grafana's variables filled in for promtool", () => {
  it('gives durations a duration and other variables a regular expression', () => {
    expect(
      withGrafanaVariablesFilledIn('rate(a{job=~"$job", c=~"${channel}"}[$__rate_interval]) + b[$__range]'),
    ).toBe('rate(a{job=~".*", c=~".*"}[5m]) + b[5m]');
  });
});
