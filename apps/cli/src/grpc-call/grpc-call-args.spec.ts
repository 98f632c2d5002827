import { INVENTORY_PROTO_PATH, AUTH_PROTO_PATH } from '@commlab/contracts';
import { loadSync } from '@grpc/proto-loader';

import {
  DEFAULT_DEADLINE_MS,
  GRPC_CALL_USAGE,
  GrpcCallUsageError,
  GrpcRequestJsonError,
  parseGrpcCallArgs,
} from './grpc-call-args';

describe('pnpm grpc arguments', () => {
  it('takes a service, a method and a JSON request, with the default deadline', () => {
    expect(parseGrpcCallArgs(['inventory', 'CheckStock', '{"skus":["mug-red"]}'])).toEqual({
      help: false,
      service: 'inventory',
      method: 'CheckStock',
      request: { skus: ['mug-red'] },
      deadlineMs: DEFAULT_DEADLINE_MS,
    });
  });

  it('defaults the request to {} and takes --deadline, --token and --address in either form', () => {
    expect(
      parseGrpcCallArgs([
        'auth',
        'VerifyToken',
        '--deadline',
        '250',
        '--token=eyJ.abc.def',
        '--address',
        'localhost:6000',
      ]),
    ).toEqual({
      help: false,
      service: 'auth',
      method: 'VerifyToken',
      request: {},
      deadlineMs: 250,
      token: 'eyJ.abc.def',
      address: 'localhost:6000',
    });
    expect(parseGrpcCallArgs(['inventory', 'CheckStock', '--address', '[::1]:50052'])).toMatchObject({
      address: '[::1]:50052',
    });
  });

  it('answers --help with or without a service', () => {
    expect(parseGrpcCallArgs(['--help'])).toEqual({ help: true });
    expect(parseGrpcCallArgs(['inventory', '-h'])).toEqual({ help: true, service: 'inventory' });
  });

  it('refuses a missing or unknown service and a missing method', () => {
    expect(() => parseGrpcCallArgs([])).toThrow('missing <service>');
    expect(() => parseGrpcCallArgs(['orders', 'PlaceOrder'])).toThrow(
      'unknown service "orders"; the services with a gRPC API are auth, inventory',
    );
    expect(() => parseGrpcCallArgs(['inventory'])).toThrow('missing <Method>');
  });

  it('refuses malformed JSON and JSON that is not an object, without the usage', () => {
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', "{skus:['mug-red']}"])).toThrow(
      GrpcRequestJsonError,
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '{"skus":'])).toThrow(
      /^json-request is not valid JSON \(.+\): \{"skus":/,
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '["mug-red"]'])).toThrow(
      'json-request must be a JSON object',
    );
  });

  it('refuses bad flag values, unknown flags and a request split into several arguments', () => {
    for (const deadline of ['0', '1.5', 'soon'])
      expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '--deadline', deadline])).toThrow(
        '--deadline must be a positive whole number of milliseconds',
      );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '--deadline=-5'])).toThrow(
      '--deadline must be a positive whole number of milliseconds; got -5',
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '--address', '127.0.0.1'])).toThrow(
      '--address must be HOST:PORT',
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '--address', 'h:70000'])).toThrow(
      '--address must be HOST:PORT',
    );
    expect(() => parseGrpcCallArgs(['auth', 'VerifyToken', '--token', 'Bearer abc'])).toThrow(
      'without the "Bearer " prefix',
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '--timeout', '5'])).toThrow(
      GrpcCallUsageError,
    );
    expect(() => parseGrpcCallArgs(['inventory', 'CheckStock', '{"skus":', '["a"]}'])).toThrow(
      'unexpected argument "[\\"a\\"]}"',
    );
  });

  it('names every method of both contracts in the usage', () => {
    const loaderOptions = { keepCase: false };
    for (const [path, service] of [
      [AUTH_PROTO_PATH, 'commlab.auth.v1.AuthService'],
      [INVENTORY_PROTO_PATH, 'commlab.inventory.v1.InventoryService'],
    ] as const) {
      const methods = Object.keys(loadSync(path, loaderOptions)[service] ?? {});
      expect(methods.length).toBeGreaterThan(0);
      for (const method of methods) expect(GRPC_CALL_USAGE).toContain(method);
    }
  });
});
