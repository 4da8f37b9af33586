import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { RoleSchema, type Role } from '../../shared/protocol/index.js';

/** What a token says: it alone decides role, session and player. It carries nothing secret. */
export type TokenClaims = { role: Role; sessionId: string; playerId: string | null };

const ISSUER = 'cognitrap';
const AUDIENCE = 'cognitrap:session';
const ClaimsSchema = z.object({ role: RoleSchema, sid: z.string().min(1), sub: z.string().min(1) });

export type TokenService = {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token, or null: never a reason (callers answer a generic error). */
  verify(token: string): Promise<TokenClaims | null>;
};

/** HS256 JWTs via jose: algorithm pinned (no `alg: none`), issuer, audience and expiry checked. */
export function createTokenService(options: { secret: string; ttlSeconds: number; clock: () => number }): TokenService {
  const key = new TextEncoder().encode(options.secret);
  return {
    async sign({ role, sessionId, playerId }) {
      const now = Math.floor(options.clock() / 1000);
      return new SignJWT({ role, sid: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(playerId ?? role)
        .setIssuer(ISSUER).setAudience(AUDIENCE)
        .setIssuedAt(now).setExpirationTime(now + options.ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(options.clock()),
        });
        const claims = ClaimsSchema.safeParse(payload);
        if (!claims.success) return null;
        const { role, sid, sub } = claims.data;
        return { role, sessionId: sid, playerId: role === 'player' ? sub : null };
      } catch (err) {
        if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
        throw err;
      }
    },
  };
}
