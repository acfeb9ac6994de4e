// CLI rows for shared files (see commands.ts): `file add`, `file list`, `file get`. Paths are
// made absolute here: the daemon's working folder is not the caller's.
import { resolve } from 'node:path'
import { Option } from 'commander'
import type { ControlClient } from '../control/client.js'
import { command, durationArg, given, str, type CommandSpec } from './command-spec.js'
import { bytesText, fileList, progressLine } from './file-text.js'

/** Draws `file get`'s progress on a terminal's stderr until the returned function is called. */
async function drawProgress (client: ControlClient, params: object): Promise<() => void> {
  const { id } = params as { id: string }
  await client.subscribe()
  const off = client.on('file-progress', p => { if (p.id === id) process.stderr.write(`\r${progressLine(p)}\u001b[K`) })
  return () => { off(); process.stderr.write('\r\u001b[K') }
}

export const FILE_COMMANDS: CommandSpec[] = [
  command({
    name: 'file add',
    args: ['<incident>', '<path>'],
    summary: 'share a file with the incident (encrypted; every member can fetch it)',
    options: [new Option('--caption <text>', 'a line about the file'), new Option('--evidence', 'share it as evidence (its hash and custody are kept on record)')],
    method: 'fileAdd',
    params: ([incidentId, path], o) => ({ incidentId: str(incidentId), path: resolve(str(path)), ...given(o, { caption: 'caption' }), evidence: o.evidence === true }),
    human: r => `${r.id}  ${r.name}  ${bytesText(r.size)}  sha256 ${r.sha256}`
  }),
  command({ name: 'file list', args: ['<incident>'], summary: 'the files shared in an incident, and who holds them', method: 'fileList', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fileList }),
  command({
    name: 'file get',
    args: ['<incident>', '<id>'],
    summary: 'fetch a file from the members holding it, verify it and save it',
    options: [
      new Option('--out <path>', 'where to save it').makeOptionMandatory(),
      new Option('--timeout <duration>', 'give up when no member delivers anything for this long (e.g. 30s, 5m)').argParser(durationArg)
    ],
    method: 'fileGet',
    params: ([incidentId, id], o) => ({ incidentId: str(incidentId), id: str(id), out: resolve(str(o.out)), ...given(o, { timeout: 'timeoutMs' }) }),
    human: r => `saved ${r.path} (${bytesText(r.size)}, sha256 ${r.sha256}, verified)`,
    watch: drawProgress
  })
]
