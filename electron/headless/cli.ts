import { Command, CommanderError } from 'commander';
import { appVersion } from '../core/version';
import { EXIT_USAGE, processIo, UsageError, type CliIo } from './cli-io';
import { register as registerServe } from './commands/serve';
import { register as registerSign } from './commands/sign';
import { register as registerVerify } from './commands/verify';
import { register as registerEvents } from './commands/events';
import { register as registerPayload } from './commands/payload';
import { register as registerKeys } from './commands/keys';
import { register as registerExport } from './commands/export';
import { register as registerImport } from './commands/import';
import { register as registerSend } from './commands/send';
import { register as registerListen } from './commands/listen';
import { register as registerSubscriptions } from './commands/subscriptions';
import { register as registerDeliveries } from './commands/deliveries';
import { register as registerReplay } from './commands/replay';
import { register as registerEmit } from './commands/emit';
import { register as registerCheck } from './commands/check';
import { register as registerUsers } from './commands/users';
import { register as registerDb } from './commands/db';
import { register as registerSettings } from './commands/settings';

/** Each command lives in commands/<name>.ts and registers itself here. */
const registrations: Array<(program: Command, io: CliIo) => void> = [
  registerServe,
  registerSign,
  registerVerify,
  registerEvents,
  registerPayload,
  registerKeys,
  registerExport,
  registerImport,
  registerSend,
  registerListen,
  registerSubscriptions,
  registerDeliveries,
  registerReplay,
  registerEmit,
  registerCheck,
  registerUsers,
  registerDb,
  registerSettings,
];

export function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('hookbench')
    .description('Send, receive, inspect and replay signed webhooks on your own machine.')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride();
  for (const register of registrations) register(program, io);
  program.commands.forEach((c) =>
    c
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
      .showHelpAfterError('(run with --help for usage)'),
  );
  return program;
}

/** Runs the CLI and returns its exit code: 0 ok, 1 the thing checked failed, 2 usage or input error. */
export async function runCli(argv: string[], baseIo: CliIo = processIo()): Promise<number> {
  let code = 0;
  const io: CliIo = { ...baseIo, setExitCode: (c) => void (code = c) };
  const program = buildProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      // commander already printed its message
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      io.err(`Error: ${err.message}`);
      return EXIT_USAGE;
    }
    io.err(`Error: ${(err as Error).message ?? String(err)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
