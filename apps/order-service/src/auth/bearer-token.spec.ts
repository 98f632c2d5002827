import { AppError } from '@commlab/errors';

import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it('takes the token from a Bearer header, any case, extra spaces', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('  bearer   eyJ-_x.y.z  ')).toBe('eyJ-_x.y.z');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Token abc'])(
    'refuses %p with 401 MISSING_TOKEN',
    (header) => {
      expect(() => bearerToken(header)).toThrow(AppError);
      try {
        bearerToken(header);
      } catch (error) {
        expect(error).toMatchObject({ code: 'MISSING_TOKEN', kind: 'unauthenticated', httpStatus: 401 });
      }
    },
  );
});
