export * from './control-characters';
export { formatPath } from './field-path';
export { type FieldsResult, validateFields } from './validate-fields';
export { parseTolerantly, type TolerantParse, type UnknownFields } from './unknown-fields';
