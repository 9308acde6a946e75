#!/usr/bin/env node
/**
 * `npm run token -- --sub ... --roles ... --scopes ...`: mints a bearer token for
 * local use. Only the token goes to stdout so it can be captured:
 * TOKEN=$(npm run -s token -- ...).
 */
import { mintToken } from '../mint-token';
import { MINT_TOKEN_USAGE, parseMintArgs, UsageError } from './mint-token-args';

function main(): number {
  try {
    const command = parseMintArgs(process.argv.slice(2), process.env);
    if (command.kind === 'help') {
      process.stdout.write(`${MINT_TOKEN_USAGE}\n`);
      return 0;
    }
    process.stdout.write(`${mintToken(command.claims, command.options)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`mint-token: ${message}\nRun with --help for usage.\n`);
      return 2;
    }
    process.stderr.write(`mint-token: ${message}\n`);
    return 1;
  }
}

process.exitCode = main();
