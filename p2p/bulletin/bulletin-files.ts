// The folder `bulletin publish` writes, and how `bulletin verify` checks it: bulletin.json (every
// statement so far, oldest first), index.html (reads and checks itself, bulletin-page.ts) and
// bulletin.txt (printable, with the key's fingerprint). The page and the text are pure functions
// of the statements, so the check renders them again and compares byte for byte: a changed byte
// in any of the three files is found, and the first bad statement or file is named. Pure.
import { z } from 'zod'
import { MAX_TEXT_CHARS } from '../log/payload.js'
import { bulletinPage } from './bulletin-page.js'
import { BULLETIN_FORMAT, checkChain, keyFingerprint, type BulletinItem, type ChainReport } from './statement.js'

export const BULLETIN_FILES = ['bulletin.json', 'index.html', 'bulletin.txt'] as const
export type BulletinFileName = typeof BULLETIN_FILES[number]
/** The most statements one folder holds. */
export const MAX_BULLETINS = 10_000

const Item = z.object({
  seq: z.number().int().min(1),
  time: z.string().max(40),
  prev: z.string().max(64),
  key: z.string().max(64),
  text: z.string().min(1).max(MAX_TEXT_CHARS),
  sig: z.string().max(128)
}).strict()
const BulletinJson = z.object({
  format: z.literal(BULLETIN_FORMAT),
  fingerprint: z.string().max(64).nullable(),
  bulletins: z.array(Item).max(MAX_BULLETINS)
}).strict()

export function bulletinJson (items: readonly BulletinItem[]): string {
  const latest = items.at(-1)
  return JSON.stringify({ format: BULLETIN_FORMAT, fingerprint: latest === undefined ? null : keyFingerprint(latest.key), bulletins: items.map(canonical) }, null, 2) + '\n'
}

/** Fields in one order, whatever order a file had them in. */
const canonical = ({ seq, time, prev, key, text, sig }: BulletinItem): BulletinItem => ({ seq, time, prev, key, text, sig })

export function bulletinText (items: readonly BulletinItem[]): string {
  const latest = items.at(-1)
  const head = [
    `PUBLIC BULLETIN (${BULLETIN_FORMAT})`,
    `Signing key fingerprint: ${latest === undefined ? '(none yet)' : keyFingerprint(latest.key)}`,
    'Compare it with the fingerprint published in advance. Every signature can be checked with',
    'index.html in a browser, or with: lifeboat bulletin verify DIR',
    ''
  ]
  const body = [...items].reverse().map(i => [`--- Bulletin ${i.seq} \u2014 ${i.time} ---`, i.text, '', `signature: ${i.sig}`, `key: ${i.key}`, `prev: ${i.prev}`, ''].join('\n'))
  return [...head, ...body].join('\n')
}

/** The three files for `items`, by name. */
export function bulletinFiles (items: readonly BulletinItem[]): Record<BulletinFileName, string> {
  const json = bulletinJson(items)
  return { 'bulletin.json': json, 'index.html': bulletinPage(items, json), 'bulletin.txt': bulletinText(items) }
}

/** The statements of a bulletin.json, or an error saying what is wrong with the file. */
export function parseBulletinJson (text: string): { items: BulletinItem[] } | { error: string } {
  let raw: unknown
  try { raw = JSON.parse(text) } catch { return { error: 'bulletin.json: not JSON' } }
  const parsed = BulletinJson.safeParse(raw)
  if (!parsed.success) return { error: `bulletin.json: not a ${BULLETIN_FORMAT} file (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})` }
  return { items: parsed.data.bulletins }
}

/**
 * Checks a published folder given its files' text (undefined: missing): the statements, then
 * that each file is exactly what publishing those statements writes.
 */
export function checkFolder (files: Partial<Record<BulletinFileName, string>>, fingerprint?: string): ChainReport {
  const json = files['bulletin.json']
  const failed = (error: string): ChainReport => ({ ok: false, count: 0, latestSeq: 0, fingerprint: null, error })
  if (json === undefined) return failed('bulletin.json is missing')
  const parsed = parseBulletinJson(json)
  if ('error' in parsed) return failed(parsed.error)
  const report = checkChain(parsed.items, fingerprint)
  if (!report.ok) return { ...report, error: `bulletin.json: ${report.error ?? ''}` }
  const expected = bulletinFiles(parsed.items)
  for (const name of BULLETIN_FILES) {
    const text = files[name]
    if (text === undefined) return { ...report, ok: false, error: `${name} is missing` }
    if (text !== expected[name]) return { ...report, ok: false, error: `${name} was changed: it differs from what these bulletins publish (from character ${firstDifference(text, expected[name])})` }
  }
  return report
}

function firstDifference (a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}
