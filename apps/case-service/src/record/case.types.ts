export type { CaseStatus, Channel } from '@city/contracts';
export type InteractionTypeName =
  'reporting' | 'applications-for-service' | 'providing-information' | 'paying-for-goods-and-services';
