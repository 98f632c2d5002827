/**
 * OTLP trace export requests (JSON or protobuf) into the store's span records. Both readers go from the
 * body to the records in one pass and check what they read; a body that is not an OTLP trace export is an
 * `OtlpDecodeError` (answered 400 `BAD_OTLP_REQUEST` with the reason).
 */
export { OtlpDecodeError } from './otlp-decode-error';
export { decodeOtlpJson } from './otlp-json-reader';
export { decodeOtlpProtobuf } from './otlp-protobuf-reader';
