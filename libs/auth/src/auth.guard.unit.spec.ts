import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ActorRequest } from './actor-request';
import { AuthGuard } from './auth.guard';
import { Authorize } from './authorize.decorator';
import { JwtVerifier } from './jwt-verifier';
import { mintToken } from './mint-token';
import { Public } from './public.decorator';
import { httpContext } from './test-support/execution-context';

const SECRET = 'guard-secret';
const guard = new AuthGuard(new Reflector(), new JwtVerifier({ secret: SECRET }));

const counsellorToken = mintToken(
  { sub: 'c-042', name: 'Li Wei', roles: ['counsellor'], scopes: ['sem-2021-1'] },
  { secret: SECRET },
);
const bearer = (token: string): ActorRequest => ({ headers: { authorization: `Bearer ${token}` } });

class DailyReportController {
  @Authorize('counsellor', 'league-secretary')
  submit(): void {}

  @Authorize('prevention-office')
  receiveCollegeReport(): void {}

  @Public()
  health(): void {}

  undeclared(): void {}
}

@Authorize('auditor')
class AuditController {
  replay(): void {}

  @Authorize('ops')
  reindex(): void {}
}

@Public()
class DocsController {
  index(): void {}
}

function attempt(
  controller: new () => object,
  handler: string,
  request: ActorRequest,
): boolean | Error {
  try {
    return guard.canActivate(httpContext(controller, handler, request));
  } catch (error) {
    return error as Error;
  }
}

describe('AuthGuard', () => {
  it('lets a holder of a declared role through and attaches the actor', () => {
    const request = bearer(counsellorToken);
    expect(attempt(DailyReportController, 'submit', request)).toBe(true);
    expect(request.actor).toEqual({
      id: 'c-042',
      name: 'Li Wei',
      roles: ['counsellor'],
      scopes: ['sem-2021-1'],
    });
  });

  it('skips @Public() routes and @Public() controllers without looking at the token', () => {
    const request: ActorRequest = { headers: {} };
    expect(attempt(DailyReportController, 'health', request)).toBe(true);
    expect(attempt(DocsController, 'index', { headers: { authorization: 'Bearer junk' } })).toBe(
      true,
    );
    expect(request.actor).toBeUndefined();
  });

  it('answers 401 without a bearer token', () => {
    const outcome = attempt(DailyReportController, 'submit', { headers: {} });
    expect(outcome).toBeInstanceOf(UnauthorizedException);
    expect((outcome as Error).message).toMatch(/missing bearer token/);
  });

  it('answers 401 for a token that fails verification', () => {
    const forged = mintToken(
      { sub: 'x', name: 'x', roles: ['prevention-office'], scopes: ['*'] },
      { secret: 'not-ours' },
    );
    const outcome = attempt(DailyReportController, 'submit', bearer(forged));
    expect(outcome).toBeInstanceOf(UnauthorizedException);
    expect((outcome as Error).message).toMatch(/invalid signature/);
  });

  it('answers 401 for an expired token', () => {
    const expired = mintToken(
      { sub: 'c-042', name: 'Li Wei', roles: ['counsellor'], scopes: [] },
      { secret: SECRET, expiresIn: -1 },
    );
    const outcome = attempt(DailyReportController, 'submit', bearer(expired));
    expect(outcome).toBeInstanceOf(UnauthorizedException);
    expect((outcome as Error).message).toMatch(/expired/);
  });

  it('answers 403 naming the roles when the actor holds none of them', () => {
    const outcome = attempt(DailyReportController, 'receiveCollegeReport', bearer(counsellorToken));
    expect(outcome).toBeInstanceOf(ForbiddenException);
    expect((outcome as Error).message).toBe('requires one of roles: prevention-office');
  });

  it('refuses by default a route that declares no roles', () => {
    const outcome = attempt(DailyReportController, 'undeclared', bearer(counsellorToken));
    expect(outcome).toBeInstanceOf(ForbiddenException);
    expect((outcome as Error).message).toMatch(/declares no @Authorize/);
  });

  it('reads @Authorize() from the controller, and lets a method override it', () => {
    const auditor = mintToken(
      { sub: 'a-1', name: 'Inspector', roles: ['auditor'], scopes: ['*'] },
      { secret: SECRET },
    );
    expect(attempt(AuditController, 'replay', bearer(auditor))).toBe(true);
    expect(attempt(AuditController, 'reindex', bearer(auditor))).toBeInstanceOf(ForbiddenException);
  });

  it('leaves bus messages to the transport', () => {
    const context = httpContext(DailyReportController, 'undeclared', { headers: {} }, 'rpc');
    expect(guard.canActivate(context)).toBe(true);
  });
});

describe('@Authorize()', () => {
  it('refuses an empty role list at decoration time', () => {
    expect(() => Authorize()).toThrow(/at least one role/);
  });
});
