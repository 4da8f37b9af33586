import { describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createTokenService } from '../../server/auth/tokens.js';
import { routingQuery } from '../../server/tools/client.js';

const secret = 'unit-test-secret-0123456789-abcdefghijklmnop';
const t0 = 1_700_000_000_000;

describe('tokens', () => {
  const service = (clock = () => t0) => createTokenService({ secret, ttlSeconds: 60, clock });
  const claims = { role: 'player', sessionId: 's1', playerId: 'p1' } as const;

  it('round-trips role, session and player', async () => {
    expect(await service().verify(await service().sign(claims))).toEqual(claims);
    const fac = await service().sign({ role: 'facilitator', sessionId: 's1', playerId: null });
    expect(await service().verify(fac)).toEqual({ role: 'facilitator', sessionId: 's1', playerId: null });
  });
  it('refuses an expired token', async () => {
    const token = await service().sign(claims);
    expect(await service(() => t0 + 61_000).verify(token)).toBeNull();
  });
  it('refuses a token signed with another key, unsigned tokens and wrong audiences', async () => {
    const other = createTokenService({ secret: `${secret}-other`, ttlSeconds: 60, clock: () => t0 });
    expect(await service().verify(await other.sign(claims))).toBeNull();
    const unsecured = new UnsecuredJWT({ role: 'player', sid: 's1' }).setSubject('p1').setIssuer('cognitrap').setAudience('cognitrap:session').encode();
    expect(await service().verify(unsecured)).toBeNull();
    const key = new TextEncoder().encode(secret);
    const wrongAud = await new SignJWT({ role: 'player', sid: 's1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('p1')
      .setIssuer('cognitrap').setAudience('elsewhere').setIssuedAt(t0 / 1000).setExpirationTime(t0 / 1000 + 60).sign(key);
    expect(await service().verify(wrongAud)).toBeNull();
  });
  it('refuses garbage and tokens with unknown roles', async () => {
    expect(await service().verify('not-a-token')).toBeNull();
    const key = new TextEncoder().encode(secret);
    const admin = await new SignJWT({ role: 'admin', sid: 's1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer('cognitrap').setAudience('cognitrap:session').setIssuedAt(t0 / 1000).setExpirationTime(t0 / 1000 + 60).sign(key);
    expect(await service().verify(admin)).toBeNull();
  });
  it("gives clients the load balancer's routing hint: the session of the token, for every role", async () => {
    for (const role of ['player', 'spectator', 'facilitator'] as const) {
      const token = await service().sign({ role, sessionId: 'session-42', playerId: role === 'player' ? 'p1' : null });
      expect(routingQuery(token)).toEqual({ session: 'session-42' });
    }
    // Anything that is not a token gets no hint (the balancer then spreads it; the server still refuses it).
    expect(routingQuery('not-a-token')).toEqual({});
  });
});
