import { referencedHosts } from './env-references';

describe('referencedHosts', () => {
  it('finds the host of a URL, with credentials and path', () => {
    expect(referencedHosts('postgres://postgres:secret@postgres:5432/auth_service')).toEqual([
      { host: 'postgres', port: 5432 },
    ]);
    expect(referencedHosts('http://auth-service:3001')).toEqual([{ host: 'auth-service', port: 3001 }]);
    expect(referencedHosts('redis://redis')).toEqual([{ host: 'redis', port: undefined }]);
  });

  it('finds every host of a host:port list', () => {
    expect(referencedHosts('kafka:9092, kafka-2:9092')).toEqual([
      { host: 'kafka', port: 9092 },
      { host: 'kafka-2', port: 9092 },
    ]);
  });

  it('finds nothing in values that name no host', () => {
    expect(referencedHosts('{"kty":"OKP","crv":"Ed25519"}')).toEqual([]);
    expect(referencedHosts('0.0.0.0')).toEqual([]);
    expect(referencedHosts('3001')).toEqual([]);
    expect(referencedHosts('production')).toEqual([]);
  });
});
