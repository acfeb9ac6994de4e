// `lifeboat verify FILE`: checks an incident record (`export`) right here, with no daemon, no
// network and no data folder (record/record-verify.ts does the checking). Prints {ok, entries,
// authors, from, to, problems, …}; a record with any problem exits 1 after the report, one line
// per problem naming the item. The same check runs standalone for a third party: README, "Checking
// a record".
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { LifeboatError } from '../../errors.js'
import { verifyRecord, type RecordReport } from '../../record/record-verify.js'

export class RecordInvalidError extends LifeboatError {
  constructor (what: string) { super('record-invalid', what); this.name = 'RecordInvalidError' }
}

/** The report of `file`'s check; the caller prints it, then fails if it is not ok. */
export async function checkRecordFile (file: string): Promise<RecordReport> {
  try {
    await access(file)
  } catch {
    throw new LifeboatError('not-found', `cannot read ${file}: no such file (to mark a member verified: verify INCIDENT MEMBER)`)
  }
  return await verifyRecord(createReadStream(file, { highWaterMark: 1024 * 1024 }))
}

const iso = (ms: number | null): string => ms === null ? '—' : new Date(ms).toISOString()

export function recordReportText (r: RecordReport): string {
  const lines = [
    `${r.ok ? 'VALID' : 'NOT VALID'}: incident record of ${r.title ?? '(unknown title)'} (${r.incident ?? '?'})`,
    `exported ${iso(r.exportedAt)} by ${r.exporter ?? '?'}${r.readable ? ', readable' : ''}${r.withFiles ? ', with files' : ''}`,
    `${r.entries} entries by ${r.authors.length} authors, ${iso(r.from)} to ${iso(r.to)}; ${r.ops} roster ops (${r.ignoredOps} not effective); ${r.chunks} file chunks`,
    ...r.authors.map(a => `  ${a.name} (${a.peerId}): ${a.entries} entries`),
    ...(r.readable ? [`${r.checkpoints.length} checkpoints; ${r.deleted} messages deleted by their authors (kept in the record)`] : ['not readable: keys, contents and checkpoints are not checked']),
    ...r.checkpoints.map(c => `  ${iso(c.at)} ${c.name} held ${c.entries} entries`),
    ...(r.purged > 0 ? [`${r.purged} entries deleted under the retention setting${r.readable ? '' : ' (who deleted them is checked in a readable record)'}`] : []),
    ...r.purges.map(p => `  ${iso(p.at)} ${p.name} purged ${p.entries} entries older than ${iso(p.cutoff)}`),
    ...r.forks.map(f => `fork: ${f}`),
    ...r.uncounted.map(u => `kept, not counted: ${u}`),
    ...r.problems.map(p => `PROBLEM: ${p}`)
  ]
  return lines.join('\n')
}
