import type { TFunction } from 'i18next';
import { numberText } from '../format';
import type { ParityFinding, StandardOfServiceReport } from '../ops-types';

type T = TFunction;

/**
 * The report's sentences in the person's language, made from its figures (the service writes them
 * in English only): the same words as the service's in English, the catalogue's service names, and
 * numbers as the language writes them.
 */
export function findingText(
  f: ParityFinding,
  t: T,
  serviceName: (code: string) => string,
  language: string,
): string {
  const vars = {
    service: serviceName(f.serviceCode),
    channel: t(`reports.channelPhrase.${f.channel}`),
    mine: numberText(f.channelValue, language),
    others: numberText(f.othersValue, language),
  };
  switch (f.measure) {
    case 'within-sla':
      return t('reports.sos.finding.withinSla', vars);
    case 'reopen':
      return t('reports.sos.finding.reopen', vars);
    case 'satisfaction':
      return t('reports.sos.finding.satisfaction', vars);
    case 'resolution-time':
      return t('reports.sos.finding.resolutionTime', vars);
    default:
      // A measure this console does not know yet: the service's own sentence.
      return f.sentence;
  }
}

/**
 * The summary for a manager: one standard on every channel (of how many services compared), or how
 * many service and channel pairs do worse. The same rule as the service's: a service is compared
 * when more than one of its channels has enough requests.
 */
export function summaryText(r: StandardOfServiceReport, t: T, language: string): string {
  const margin = numberText(r.margin, language);
  if (r.findings.length === 0) {
    const compared = r.services.filter(
      (s) => s.channels.filter((c) => c.volume >= r.minCases).length > 1,
    ).length;
    return t('reports.sos.summaryNone', { count: compared, margin });
  }
  const pairs = new Set(r.findings.map((f) => `${f.serviceCode}/${f.channel}`)).size;
  return t('reports.sos.summarySome', { count: pairs, margin });
}
