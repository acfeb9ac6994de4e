// The record's commands (issue 16): `export` writes the signed record file, `checkpoint` signs one
// now; `verify FILE` runs here with no daemon (record-verify.ts, wired in program.ts); `report`
// writes the incident report the node renders to a file here.
import { writeFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { InvalidArgumentError as UsageError, Option } from 'commander'
import type { ReportFormat } from '../../api/record-methods.js'
import { command, str, type CommandSpec } from './command-spec.js'
import { bytesText } from './file-text.js'
import { hold, retention } from './format.js'

/** `--days N` or `--keep`, exactly one. */
function retentionDays (o: Record<string, unknown>): number | null {
  if ((o.days === undefined) === (o.keep !== true)) throw new UsageError('give --days N (delete conversation content older than N days) or --keep (keep everything), one of them')
  if (o.keep === true) return null
  const text = str(o.days)
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 36_500) throw new UsageError(`--days takes a whole number of days from 0 to 36500, got ${JSON.stringify(text)}`)
  return Number(text)
}

/** --format, else the --out file's extension: .md and .markdown are Markdown, anything else HTML. */
function reportFormat (o: Record<string, unknown>): ReportFormat {
  if (o.format === 'html' || o.format === 'markdown') return o.format
  return ['.md', '.markdown'].includes(extname(str(o.out)).toLowerCase()) ? 'markdown' : 'html'
}

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
    name: 'report',
    args: ['<incident>'],
    summary: 'write the incident report (summary, members, timeline, tasks, announcements, evidence, verification) to a printable HTML or Markdown file',
    options: [
      new Option('--out <file>', 'the file to write: .md or .markdown for Markdown, anything else HTML').makeOptionMandatory(),
      new Option('--format <format>', 'the format, whatever the file\'s name').choices(['html', 'markdown'])
    ],
    method: 'report',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), format: reportFormat(o) }),
    afterCall: async ({ text }, _args, o) => {
      const file = resolve(str(o.out))
      await writeFile(file, text)
      return { file }
    },
    human: r => `wrote ${r.file}`
  }),
  command({
    name: 'checkpoint',
    args: ['<incident>'],
    summary: 'sign a checkpoint of what this device holds now (one is written every 10 minutes while anything changes)',
    method: 'checkpoint',
    params: ([incidentId]) => ({ incidentId: str(incidentId) }),
    human: r => `checkpoint ${r.id}: ${r.entries} entries of ${r.authors} authors`
  }),
  command({
    name: 'retention',
    args: ['<incident>'],
    summary: 'set how long conversation content is kept on every member\'s device (admins): --days N or --keep',
    options: [
      new Option('--days <n>', 'delete chat and private messages (with their edits, reactions and pins) and files not shared as evidence older than N days, and messages their authors deleted; 0: everything so far, and again every hour'),
      new Option('--keep', 'keep everything (the default)')
    ],
    method: 'setRetention',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), days: retentionDays(o) }),
    human: r => retention(r.retention)
  }),
  command({
    name: 'hold',
    args: ['<incident>', '<on|off>'],
    summary: 'put a legal hold on the incident, or lift it (admins): while on, nothing is deleted',
    method: 'setHold',
    params: ([incidentId, state]) => {
      if (state !== 'on' && state !== 'off') throw new UsageError(`hold takes on or off, got ${JSON.stringify(state)}`)
      return { incidentId: str(incidentId), on: state === 'on' }
    },
    human: r => hold(r.hold)
  })
]
