export { RequestForm, type RequestFormProps } from './RequestForm';
export {
  checkRequest,
  emptyValues,
  toRequestBody,
  formFieldOf,
  type RequestFormValues,
} from './request-body';
export { reasonText } from './reasons';
export type { MapCentre, MapTiles } from './map-settings';
export { requestFormTexts } from './texts';
