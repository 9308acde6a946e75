import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Runs a TypeScript entry point in a separate Node process (via tsx), the way crash tests
 * need: the process can be SIGKILLed at any point, with no chance to clean up.
 */
export function spawnScript(
  script: string,
  env: Record<string, string>,
): ChildProcess & { exited: Promise<number | null>; output: () => string } {
  const root = resolve(__dirname, '../../..');
  // Node itself runs the script with tsx's loader (not the tsx CLI, which would sit between
  // the test and the process and leave it running when only the CLI is killed). The base
  // tsconfig maps @bulwark/* to the libs' sources, so no build is needed.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(root, 'tsconfig.base.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code, signal) => r(signal ? 137 : code)),
  );
  return Object.assign(child, { exited, output: () => output });
}
