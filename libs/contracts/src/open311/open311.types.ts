/**
 * Open311 GeoReport v2 wire types (https://wiki.open311.org/GeoReport_v2), as the gateway serves them
 * under /open311/v2 in JSON and XML.
 */
export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: Array<{
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }>;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311AttributeValue {
  key: string;
  name: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: Open311AttributeValue[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export interface Open311RequestCreated {
  service_request_id: string;
  token?: string;
  service_notice: string;
  account_id: string | null;
}

export interface Open311Token {
  token: string;
  service_request_id: string;
}

export interface Open311Error {
  code: number;
  description: string;
}

/** Form fields of POST requests, besides `attribute[code]`. */
export const OPEN311_REQUEST_FIELDS = [
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
] as const;
