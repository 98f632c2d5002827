import { parse, type Type } from 'protobufjs';

/**
 * The part of the OTLP trace protocol a receiver reads (opentelemetry.proto.collector.trace.v1
 * ExportTraceServiceRequest and the trace, resource and common messages under it), written down from the
 * OTLP specification's field numbers. Fields it leaves out are skipped by the decoder, as protobuf
 * allows; `otlp-decode.spec.ts` checks it against OpenTelemetry's own serializer.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package commlab.otlp;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }

message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
}

message Resource { repeated KeyValue attributes = 1; }

message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
}

message InstrumentationScope {
  string name = 1;
  string version = 2;
}

message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  repeated Link links = 13;
  Status status = 15;

  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
  }

  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
  }
}

message Status {
  string message = 2;
  int32 code = 3;
}

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}

message ArrayValue { repeated AnyValue values = 1; }

message KeyValueList { repeated KeyValue values = 1; }

message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
`;

let requestType: Type | undefined;

/** The protobuf type of an OTLP trace export request (parsed once). */
export function exportTraceServiceRequestType(): Type {
  requestType ??= parse(OTLP_TRACE_PROTO, { keepCase: false }).root.lookupType(
    'commlab.otlp.ExportTraceServiceRequest',
  );
  return requestType;
}
