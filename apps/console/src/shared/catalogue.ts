import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dateTime, localized } from '@city/web-kit';
import { publicApi } from './api/client';
import type { AttributeValue, CatalogueServiceDetail, ServiceSummary } from './api/types';

/** The catalogue's services in the person's language (the gateway's list, the same for every channel). */
function useServices() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['catalogue-names', i18n.language],
    queryFn: () => publicApi.get<ServiceSummary[]>('gateway', `/api/v1/services?lang=${i18n.language}`),
    staleTime: 5 * 60_000,
  });
}

/** The catalogue's services, code and name in the person's language, by name (none until it has answered). */
export function useServiceList(): Array<{ code: string; name: string }> {
  const services = useServices();
  return (services.data ?? [])
    .map((s) => ({ code: s.code, name: s.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A service's name in the person's language (its code until the catalogue has answered). */
export function useServiceName(): (code: string) => string {
  const services = useServices();
  return (code) => services.data?.find((s) => s.code === code)?.name ?? code;
}

/**
 * A case's answers as the person reads them: each attribute by its question in their language, list
 * values by their names, dates as dates (the catalogue's definition of the service, from the
 * workflow-service).
 */
export function useAttributeText(
  serviceCode: string,
): (code: string, value: AttributeValue) => [string, string] {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const definition = useQuery({
    queryKey: ['service-definition', serviceCode],
    queryFn: () =>
      publicApi.get<CatalogueServiceDetail>('workflow', `/api/v1/catalogue/services/${serviceCode}`),
    staleTime: 5 * 60_000,
  });
  return (code, value) => {
    const a = definition.data?.service.attributes.find((x) => x.code === code);
    if (!a) return [code, Array.isArray(value) ? value.join(', ') : String(value)];
    const name = (v: string) => localized(a.values?.find((x) => x.key === v)?.name, language) || v;
    const text = Array.isArray(value)
      ? value.map(name).join(', ')
      : a.datatype === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? dateTime(value, language)
        : a.values
          ? name(String(value))
          : String(value);
    return [localized(a.description, language), text];
  };
}
