import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { CommandExit } from './command-exit.js';
import { registerAdvisoriesExport } from './commands/advisories-export.js';
import { registerAdvisoriesGet } from './commands/advisories-get.js';
import { registerAdvisoriesList } from './commands/advisories-list.js';
import { registerFeedPull } from './commands/feed-pull.js';
import { registerImport } from './commands/import.js';
import { registerInventoryList } from './commands/inventory-list.js';
import { registerInventoryUpload } from './commands/inventory-upload.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerOrgsList } from './commands/orgs-list.js';
import { registerReportList } from './commands/report-list.js';
import { registerReportStatus } from './commands/report-status.js';
import { registerReportSubmit } from './commands/report-submit.js';
import { registerScan } from './commands/scan.js';
import { registerWhoami } from './commands/whoami.js';
import { processEnvironment, readEnvironment } from './config-file.js';
import { DEFAULT_SERVER, type CliIo } from './context.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { describeFailure } from './failure.js';
import { Output } from './output.js';
import { VERSION } from './version.js';

export interface BuildOptions {
  /** With --json, commander's own help-on-error text is kept off stderr (errors are JSON there). */
  readonly json?: boolean;
}

/** The `clearinghouse` command tree. Settings given here (output, exitOverride) pass to every subcommand. */
export function buildProgram(io: CliIo, options: BuildOptions = {}): Command {
  const program = new Command('clearinghouse')
    .description('Command-line client of the Clearinghouse, the AI cybersecurity clearinghouse.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option(
      '--server <url>',
      `server URL (default: $CLEARINGHOUSE_SERVER, the saved server, or ${DEFAULT_SERVER})`,
    )
    .option('--json', 'machine output: JSON on stdout only, errors as {"error":{…}} JSON on stderr')
    .option(
      '--config <path>',
      'config file (default: $CLEARINGHOUSE_CONFIG, $XDG_CONFIG_HOME/clearinghouse/config.json or ~/.config/clearinghouse/config.json)',
    )
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => (options.json === true ? undefined : io.stderr.write(text)),
      // Usage errors are printed by run(), one line, or JSON with --json.
      outputError: () => undefined,
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText('afterAll', EXIT_CODES_HELP);

  registerLogin(program, io);
  registerLogout(program, io);
  registerWhoami(program, io);
  const orgs = program.command('orgs').summary('organizations').description('Organizations.');
  registerOrgsList(orgs, io);
  const report = program
    .command('report')
    .summary('vulnerability reports')
    .description('Vulnerability reports: submit one (or SARIF findings), follow its status, list them.');
  registerReportSubmit(report, io);
  registerReportStatus(report, io);
  registerReportList(report, io);
  const advisories = program
    .command('advisories')
    .summary('advisories: list, show, export as CSAF, OSV or CVE')
    .description(
      'Advisories: list them, show one, or export one as CSAF 2.0, OSV or CVE JSON 5.1. Released ' +
        'TLP:CLEAR advisories need no login.',
    );
  registerAdvisoriesList(advisories, io);
  registerAdvisoriesGet(advisories, io);
  registerAdvisoriesExport(advisories, io);
  registerImport(program, io);
  registerScan(program, io);
  const feed = program
    .command('feed')
    .summary('the offline feed for scan --offline')
    .description('The offline feed: every affect rule and vulnerability you may read, for scan --offline.');
  registerFeedPull(feed, io);
  const inventory = program
    .command('inventory')
    .summary("your organization's inventories: list, upload")
    .description(
      "Your organization's inventories (what it runs): list them, upload a CycloneDX, SPDX, CSV or " +
        'package-lock.json file to one.',
    );
  registerInventoryList(inventory, io);
  registerInventoryUpload(inventory, io);
  return program;
}

/**
 * Runs the CLI on node-style argv (`[node, script, ...args]`) and resolves to the exit code; never
 * throws and never calls process.exit, so tests run it in-process with their own streams.
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? processEnvironment(),
  };
  const json = wantsJson(argv);
  const out = new Output(fullIo.stdout, fullIo.stderr, json);
  try {
    await buildProgram(fullIo, { json }).parseAsync(argv, { from: 'node' });
    return ExitCode.Success;
  } catch (error) {
    // The command has printed all it had to say.
    if (error instanceof CommandExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // --help and --version end this way too, with exit code 0.
      if (error.exitCode === 0) return ExitCode.Success;
      const message = usageMessage(error, json);
      out.failure({ exitCode: ExitCode.Usage, code: 'usage_error', line: message, message });
      return ExitCode.Usage;
    }
    const failure = describeFailure(error);
    out.failure(failure);
    if (readEnvironment(fullIo.env).debug) out.debug(stackOf(error));
    return failure.exitCode;
  }
}

/** Whether --json is among the options (before a `--`), known before commander has parsed them. */
function wantsJson(argv: readonly string[]): boolean {
  for (const arg of argv.slice(2)) {
    if (arg === '--') return false;
    if (arg === '--json') return true;
  }
  return false;
}

function usageMessage(error: CommanderError, json: boolean): string {
  if (error.code === 'commander.help') {
    // A command group (`clearinghouse`, `clearinghouse orgs`, `clearinghouse advisories`, …) run without its subcommand.
    return json ? 'a command is required; see --help' : 'a command is required (see the help above)';
  }
  return error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : inspect(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('caused by:');
  }
  return parts.join('\n');
}
