import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { jwtConfigFromEnv, type JwtConfig } from './jwt-config';
import { JwtVerifier } from './jwt-verifier';

export type AuthModuleOptions = JwtConfig;

/**
 * Key material comes from the options when they give any, otherwise from the
 * environment as a unit: mixing an option's secret with an env public key
 * would only ever be a mistake. Issuer and audience fall back field by field.
 */
function resolveConfig(options: AuthModuleOptions, env: NodeJS.ProcessEnv): JwtConfig {
  const fromEnv = jwtConfigFromEnv(env);
  const keyFromOptions = Boolean(options.secret || options.publicKey);
  return {
    secret: keyFromOptions ? options.secret : fromEnv.secret,
    publicKey: keyFromOptions ? options.publicKey : fromEnv.publicKey,
    issuer: options.issuer ?? fromEnv.issuer,
    audience: options.audience ?? fromEnv.audience,
  };
}

function authProviders(options: AuthModuleOptions): Provider[] {
  return [
    // Built when the app starts, not at import time, so a missing key fails startup clearly.
    {
      provide: JwtVerifier,
      useFactory: () => new JwtVerifier(resolveConfig(options, process.env)),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ];
}

/**
 * Import once in a service's root module: provides JwtVerifier and guards every
 * route with AuthGuard. Plain `AuthModule` reads the environment;
 * `AuthModule.forRoot({...})` takes options first.
 */
@Global()
@Module({ providers: authProviders({}), exports: [JwtVerifier] })
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: ConfiguredAuthModule,
      global: true,
      providers: authProviders(options),
      exports: [JwtVerifier],
    };
  }
}

/**
 * Carrier for forRoot(): Nest merges a dynamic module's providers with its class's
 * static ones, so reusing AuthModule here would register the guard twice and
 * build the env verifier even when options give the key.
 */
@Module({})
class ConfiguredAuthModule {}
