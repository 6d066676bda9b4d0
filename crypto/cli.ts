/**
 * tenderhall verify CLI — offline checks for bidders and auditors (node-only).
 *   npx tsx crypto/cli.ts <command> ...
 * Commands: seal, check, open, draw, log-root, inclusion, consistency, receipt, record.
 * Exit 0 = valid/done; 1 = verification failed (one-line reason on stderr); 2 = usage or input error.
 */
import { UsageError, parseArgs } from './cli/args';
import { check, open, seal } from './cli/commands-package.node';
import { consistency, draw, inclusion, logRoot, receipt } from './cli/commands-log.node';
import { record } from './cli/commands-record.node';

const COMMANDS = {
  seal: { run: seal, flags: ['project', 'lot', 'bidder', 'signer', 'password-env', 'to', 'out', 'rev', 'prev'] },
  check: { run: check, flags: ['ca', 'intermediate', 'at', 'project', 'lot', 'bidder', 'to'] },
  open: { run: open, flags: ['key', 'cert', 'out', 'ca', 'intermediate', 'at'] },
  draw: { run: draw, flags: [] },
  'log-root': { run: logRoot, flags: ['size', 'expect'] },
  inclusion: { run: inclusion, flags: ['checkpoint', 'key', 'origin'] },
  consistency: { run: consistency, flags: ['old', 'new', 'key'] },
  receipt: { run: receipt, flags: ['checkpoint', 'key', 'origin', 'consistency', 'manifest-sha256'] },
  record: { run: record, flags: ['key', 'ca', 'seal-authority', 'origin'] },
} as const;

const USAGE = `usage: verify <${Object.keys(COMMANDS).join('|')}> ...`;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const outcome = await command.run(parseArgs(rest, command.flags));
    if (outcome.ok) {
      process.stdout.write(`${oneLine(outcome.line)}\n`);
      return 0;
    }
    process.stderr.write(`FAIL ${name}: ${oneLine(outcome.line)}\n`);
    return 1;
  } catch (e) {
    const usage = e instanceof UsageError;
    process.stderr.write(`${usage ? 'usage error' : 'error'} (${name}): ${oneLine((e as Error).message)}\n`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
