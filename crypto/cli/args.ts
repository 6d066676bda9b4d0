/** A small argv parser: `--name value` flags (repeatable) and positionals. `--` ends flags. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}

export function one(args: ParsedArgs, name: string): string {
  const v = args.flags.get(name);
  if (!v || v.length !== 1) throw new UsageError(`--${name} is required (once)`);
  return v[0];
}

export function optional(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once`);
  return v?.[0];
}

export function many(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}
