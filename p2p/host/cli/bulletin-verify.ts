// `lifeboat bulletin verify DIR [--fingerprint FP]`: checks a published bulletin folder with no
// daemon and no network (bulletin/bulletin-files.ts does the checking). Prints
// {ok, count, latestSeq, fingerprint}; a folder with any changed byte fails with exit 1 and
// one line naming the first bad bulletin or file.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { BULLETIN_FILES, checkFolder, type BulletinFileName } from '../../bulletin/bulletin-files.js'
import { LifeboatError } from '../../errors.js'

export class BulletinInvalidError extends LifeboatError {
  constructor (what: string) { super('bulletin-invalid', what); this.name = 'BulletinInvalidError' }
}

/** The report of `dir`'s check; throws BulletinInvalidError (exit 1) when it fails. */
export async function verifyBulletinFolder (dir: string, fingerprint?: string): Promise<{ ok: true, count: number, latestSeq: number, fingerprint: string | null }> {
  const files: Partial<Record<BulletinFileName, string>> = {}
  for (const name of BULLETIN_FILES) {
    try {
      files[name] = await readFile(join(dir, name), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new BulletinInvalidError(`cannot read ${join(dir, name)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
    }
  }
  const report = checkFolder(files, fingerprint)
  if (!report.ok) throw new BulletinInvalidError(`${dir}: NOT VALID: ${report.error ?? 'unknown'}`)
  return { ok: true, count: report.count, latestSeq: report.latestSeq, fingerprint: report.fingerprint }
}

export function addBulletinVerify (group: Command): void {
  group.command('verify')
    .description('check a published bulletin folder here, with no daemon and no network: every signature, the chain, and that no file was changed')
    .argument('<dir>')
    .option('--fingerprint <fp>', 'the key fingerprint published in advance: the latest bulletin must be signed by that key')
    .option('--json', 'print exactly one JSON document')
    .action(async (dir: string, opts: { fingerprint?: string, json?: boolean }) => {
      const report = await verifyBulletinFolder(dir, opts.fingerprint)
      process.stdout.write(opts.json === true
        ? JSON.stringify(report) + '\n'
        : `valid: ${report.count} bulletin${report.count === 1 ? '' : 's'}, latest ${report.latestSeq}, signed by key ${report.fingerprint ?? '(none)'}${opts.fingerprint === undefined ? ' (compare it with the fingerprint published in advance, or pass --fingerprint)' : ' (the fingerprint given)'}\n`)
    })
}
