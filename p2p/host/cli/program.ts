// `lifeboat`: the command-line front end. `lifeboat daemon` runs a node (`lifeboat relay` a blind
// relay's node, docs/ARCHITECTURE.md "Blind relay"); every other command
// is one API call to the daemon of --data DIR over its control socket (commands.ts lists them).
// Exit codes: 0 success, 1 failed operation (one line on stderr), 2 wrong usage.
// Only the daemon command loads libp2p (lazily), so client commands start fast.
// The process entry point is cli.ts; this module only builds and runs the program.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { errorMessage } from '../../errors.js'
import { APP_VERSION } from '../../version.js'
import { durationArg, type CommandSpec } from './command-spec.js'
import { addBulletinVerify } from './bulletin-verify.js'
import { COMMANDS, GROUPS } from './commands.js'
import { connectControl } from '../control/client.js'
import { defaultDataDir } from '../paths.js'
import { cliErrorText } from './error-text.js'
import { INCIDENT_ID, resolveIncidentRef } from './incident-ref.js'
import { inline, jsonForTerminal, terminalSafe } from './terminal-text.js'

const EXIT_FAILED = 1
const EXIT_USAGE = 2

/** Thrown for usage errors found outside commander; reported like commander's own. */
class UsageError extends Error {}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim()


const dataOption = (): Option => new Option('--data <dir>', 'data folder of this device').default(defaultDataDir())

async function runClientCommand (spec: CommandSpec, command: Command): Promise<void> {
  const opts = command.opts<{ data: string, json?: boolean }>()
  const params = spec.params(command.processedArgs as string[], opts) as { incidentId?: unknown, teamId?: unknown }
  const client = await connectControl(opts.data)
  let result: unknown
  try {
    const teams = async (): Promise<Array<{ incidentId: string, title: string }>> => (await client.call('listTeams', {})).map(t => ({ incidentId: t.teamId, title: t.name }))
    if (typeof params.incidentId === 'string' && !INCIDENT_ID.test(params.incidentId)) {
      // An INCIDENT argument may name a team too (invite, members, remove, verify, send…).
      const named = spec.incidentsFrom === 'pendingJoins' ? await client.call('pendingJoins', {}) : [...await client.call('listIncidents', {}), ...await teams()]
      params.incidentId = resolveIncidentRef(named, params.incidentId)
    }
    if (typeof params.teamId === 'string' && !INCIDENT_ID.test(params.teamId)) params.teamId = resolveIncidentRef(await teams(), params.teamId, 'team')
    const stopWatching = spec.watch !== undefined && opts.json !== true && process.stderr.isTTY ? await spec.watch(client, params) : undefined
    try {
      result = await client.call(spec.method, params as never)
    } finally {
      stopWatching?.()
    }
  } finally {
    client.close()
  }
  if (spec.afterCall !== undefined) result = await spec.afterCall(result, command.processedArgs as string[], opts)
  let text: string
  try {
    text = opts.json === true ? jsonForTerminal(JSON.stringify(result ?? null)) : terminalSafe(spec.human(result))
  } catch {
    text = jsonForTerminal(JSON.stringify(result, null, 2)) // the node answered something the formatter does not expect
  }
  process.stdout.write(text + '\n')
}

function addDaemonCommand (program: Command): void {
  program.command('daemon')
    .description('run a node for --data DIR in the foreground until SIGINT/SIGTERM')
    .addOption(dataOption())
    .option('--listen <multiaddr>', 'address to listen on (repeatable; default all interfaces; TCP port 0 = the port this folder used last time if free, else any)',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--port <port>', 'TCP port for listen addresses with port 0 (default: last time\'s, kept in the data folder)', portArg)
    .option('--no-mdns', 'do not discover peers on the LAN by mDNS')
    .option('--no-dht', 'do not run the DHT')
    .option('--name <name>', 'display name (default: kept from the last run)')
    .option('--passphrase-file <file>', 'protect the data folder with the passphrase on the first line of FILE (default: ask on a terminal)')
    .option('--rotate-every <duration>', 'as an admin, rotate each incident\'s key this often (e.g. 24h)', durationArg)
    .action(async (opts: { data: string, listen: string[], port?: number, mdns: boolean, dht: boolean, name?: string, passphraseFile?: string, rotateEvery?: number }) => {
      const { runDaemon } = await import('../daemon.js')
      await runDaemon({
        dataDir: opts.data, listen: opts.listen, mdns: opts.mdns, dht: opts.dht,
        ...given({ listenPort: opts.port, name: opts.name, passphraseFile: opts.passphraseFile, rotateEveryMs: opts.rotateEvery })
      })
    })
}

function addRelayCommand (program: Command): void {
  program.command('relay')
    .description('run a blind relay for --data DIR in the foreground: an always-on node that stores and serves the encrypted entries of incidents it is invited to with `invite INCIDENT --role relay`, and never reads them')
    .addOption(dataOption())
    .option('--join <link>', 'join with this relay invite before reporting ready (repeatable; a running relay also takes `lifeboat join --data DIR LINK`)',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--listen <multiaddr>', 'address to listen on (repeatable; default all interfaces; TCP port 0 = the port this folder used last time if free, else any)',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--port <port>', 'TCP port for listen addresses with port 0 (default: last time\'s, kept in the data folder)', portArg)
    .option('--no-mdns', 'do not discover peers on the LAN by mDNS')
    .option('--no-dht', 'do not run the DHT')
    .option('--name <name>', 'the name members see for this relay', 'relay')
    .option('--passphrase-file <file>', 'protect the data folder with the passphrase on the first line of FILE (default: ask on a terminal)')
    .action(async (opts: { data: string, join: string[], listen: string[], port?: number, mdns: boolean, dht: boolean, name: string, passphraseFile?: string }) => {
      const { runDaemon } = await import('../daemon.js')
      await runDaemon({
        dataDir: opts.data, listen: opts.listen, mdns: opts.mdns, dht: opts.dht, name: opts.name, relayOnly: true, join: opts.join,
        ...given({ listenPort: opts.port, passphraseFile: opts.passphraseFile })
      })
    })
}

function addUiCommand (program: Command): void {
  program.command('ui')
    .description('browser mode: serve the Lifeboat UI on 127.0.0.1 for the node of --data DIR (started here if no daemon runs)')
    .addOption(dataOption())
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)', portArg)
    .option('--listen <multiaddr>', 'for a node started here: address to listen on (repeatable)',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--p2p-port <port>', 'for a node started here: TCP port for listen addresses with port 0 (default: last time\'s)', portArg)
    .option('--no-mdns', 'for a node started here: no mDNS discovery')
    .option('--no-dht', 'for a node started here: no DHT')
    .option('--name <name>', 'for a node started here: display name')
    .option('--passphrase-file <file>', 'for a node started here: the data folder\'s passphrase file')
    .action(async (opts: { data: string, port?: number, p2pPort?: number, listen: string[], mdns: boolean, dht: boolean, name?: string, passphraseFile?: string }) => {
      const { runUi } = await import('../browser/command.js')
      await runUi({
        dataDir: opts.data, listen: opts.listen, mdns: opts.mdns, dht: opts.dht,
        ...given({ listenPort: opts.p2pPort, port: opts.port, name: opts.name, passphraseFile: opts.passphraseFile })
      })
    })
}

/** The options the user gave: keys whose value is undefined are left out (exactOptionalPropertyTypes). */
function given<T extends Record<string, unknown>> (options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}

function portArg (value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`not a TCP port: ${value}`)
  return port
}

/** `lifeboat` and the groups (`incident`, `invite`) show a one-line usage error when no subcommand is given. */
function requireSubcommand (cmd: Command, usage: string): Command {
  return cmd.exitOverride((err) => {
    if (err.code === 'commander.help') throw new UsageError(`error: missing command; see '${usage} --help'`)
    throw err
  })
}

export function buildProgram (): Command {
  const program = new Command('lifeboat')
    .description('Lifeboat: peer-to-peer, end-to-end-encrypted incident-response chat')
    .version(APP_VERSION, '-V, --version', 'the version of Lifeboat')
    // Commander's own stderr output (usage errors, help after an error) is replaced by our one line.
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    // Options belong to the command they follow, so a command's subcommands (`join list`) get theirs.
    .enablePositionalOptions()
  requireSubcommand(program, 'lifeboat')
  addDaemonCommand(program)
  addRelayCommand(program)
  addUiCommand(program)
  const groups = new Map<string, Command>()
  for (const spec of COMMANDS) {
    const words = spec.name.split(' ')
    let parent = program
    if (words.length === 2) {
      const group = words[0] as string
      // A command may be a group too (`join LINK`, `join list`): its subcommands hang under it.
      const command = program.commands.find(c => c.name() === group)
      if (command !== undefined) groups.set(group, command.enablePositionalOptions()) // `join list --data D`: D is list's, not join's
      if (!groups.has(group)) groups.set(group, requireSubcommand(program.command(group).description(GROUPS[group] ?? ''), `lifeboat ${group}`))
      parent = groups.get(group) as Command
    }
    const cmd = parent.command(words.at(-1) as string).description(spec.summary)
    for (const arg of spec.args) cmd.argument(arg)
    for (const option of spec.options) cmd.addOption(option)
    cmd.addOption(dataOption()).option('--json', 'print exactly one JSON document')
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs.at(-1) as Command
      if (await spec.runHere?.(command.processedArgs as string[], command.opts()) === true) return
      await runClientCommand(spec, command)
    })
  }
  addBulletinVerify(groups.get('bulletin') as Command) // runs here: no daemon
  return program
}

/** Runs the CLI; resolves to the exit code (the daemon command instead keeps running). */
export async function main (argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    return 0
  } catch (err) {
    if (err instanceof CommanderError && err.exitCode === 0) return 0 // --help, --version
    if (err instanceof CommanderError || err instanceof UsageError) {
      process.stderr.write(oneLine(err.message) + '\n')
      return EXIT_USAGE
    }
    process.stderr.write(inline(oneLine(cliErrorText(errorMessage(err)))) + '\n') // may quote a peer (a join refusal)
    const code = (err as { code?: unknown }).code
    return code === 'invalid-argument' ? EXIT_USAGE : EXIT_FAILED
  }
}
