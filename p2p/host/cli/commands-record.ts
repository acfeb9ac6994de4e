// The record's commands (issue 16): `export` writes the signed record file, `checkpoint` signs one
// now; `verify FILE` runs here with no daemon (record-verify.ts, wired in program.ts).
import { resolve } from 'node:path'
import { Option } from 'commander'
import { command, str, type CommandSpec } from './command-spec.js'
import { bytesText } from './file-text.js'

export const RECORD_COMMANDS: CommandSpec[] = [
  command({
    name: 'export',
    args: ['<incident>'],
    summary: 'write the incident\'s signed record to a file: every entry and roster op; checked by `verify FILE` anywhere',
    options: [
      new Option('--out <file>', 'the record file to write').makeOptionMandatory(),
      new Option('--readable', 'with the epoch keys, the decrypted contents and a human index (for counsel: anyone with the file can read it)'),
      new Option('--with-files', 'with the shared files\' encrypted chunks held on this device')
    ],
    method: 'exportRecord',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), out: resolve(str(o.out)), ...(o.readable === true ? { readable: true } : {}), ...(o.withFiles === true ? { withFiles: true } : {}) }),
    human: r => `wrote ${r.file ?? ''}: ${r.entries} entries, ${bytesText(r.bytes)}, sha256 ${r.sha256}${r.missingChunks > 0 ? ` (${r.missingChunks} file chunks not on this device were left out)` : ''}`
  }),
  command({
    name: 'checkpoint',
    args: ['<incident>'],
    summary: 'sign a checkpoint of what this device holds now (one is written every 10 minutes while anything changes)',
    method: 'checkpoint',
    params: ([incidentId]) => ({ incidentId: str(incidentId) }),
    human: r => `checkpoint ${r.id}: ${r.entries} entries of ${r.authors} authors`
  })
]
