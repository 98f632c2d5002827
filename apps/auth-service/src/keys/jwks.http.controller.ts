import { ApiZodResponse } from '@commlab/service-kit';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { KeyRing } from './key-ring';
import type { PublicSigningJwk } from './signing-jwk';

const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
});

/** Public keys for verifying access tokens locally (RFC 7517). Caches may keep it for 5 minutes. */
@ApiTags('keys')
@Controller('.well-known')
export class JwksHttpController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The JSON Web Key Set of the access-token signing keys' })
  @ApiZodResponse(200, jwksSchema, 'the public signing keys')
  jwks(): { keys: PublicSigningJwk[] } {
    return this.keys.jwks();
  }
}
