export * from './control-characters';
export { formatPath } from './field-path';
export { type FieldsResult, validateFields } from './validate-fields';
