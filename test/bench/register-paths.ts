// Maps `@bulwark/<lib>` to libs/<lib>/src, as tsconfig.base.json "paths" does, for runners that
// do not apply tsconfig paths (node -r ts-node/register). Without it Node would resolve the
// workspace symlink to libs/<lib>/dist, a possibly stale build. Harmless under tsx.
import Module from 'node:module';
import { join, resolve } from 'node:path';

const libs = resolve(__dirname, '../../libs');
type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const original = loader._resolveFilename;

loader._resolveFilename = function (request, ...rest) {
  const lib = /^@bulwark\/([a-z-]+)$/.exec(request)?.[1];
  return original.call(this, lib ? join(libs, lib, 'src') : request, ...rest);
};
