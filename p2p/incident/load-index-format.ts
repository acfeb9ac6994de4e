// The load index's segment format (version 1, docs/PROTOCOL.md §15 "Load index"): per stored
// entry what start-up needs without decoding or decrypting it, in columns so a segment of 100,000
// rows decodes in milliseconds; and a fingerprint of each epoch key its messages and workspace
// updates were read with. Little-endian numbers; hashes as 32 bytes each. Pure.
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { fromHex, toHex, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'

export const LOAD_INDEX_VERSION = 1

/** What the payload was when the entry was applied; `other` (or anything else) is read from the store. */
export type IndexKind = 'other' | 'msg' | 'ydoc'
const KINDS: readonly IndexKind[] = ['other', 'msg', 'ydoc']

export interface IndexRow {
  readonly authorHex: string
  readonly seq: number
  readonly hashHex: string
  readonly lamport: number
  readonly epoch: number
  readonly ts: number
  /** The entry's wire size (member quotas count stored bytes). */
  readonly size: number
  readonly kind: IndexKind
}

const HASH = 32
const KEY_PRINT = 8

/** Per epoch id, a fingerprint (hex) of the key rows were read with. */
export type KeyPrints = Map<number, string>

/** The first 8 bytes of SHA-256 over a domain tag and the key: enough to tell two keys apart, nothing about either. */
export function keyPrint (key: Uint8Array): string {
  return toHex(sha256(utf8('lifeboat/load-index/key'), key).subarray(0, KEY_PRINT))
}
/** Column widths: author (index into the author table), seq, epoch and size as u32; lamport and ts as f64. */
const U32 = 4
const F64 = 8

export function encodeSegment (rows: readonly IndexRow[], prints: ReadonlyMap<number, string>): Uint8Array {
  const authors = [...new Set(rows.map(r => r.authorHex))]
  const authorAt = new Map(authors.map((a, i) => [a, i]))
  const n = rows.length
  const cols = { a: new DataView(new ArrayBuffer(n * U32)), s: new DataView(new ArrayBuffer(n * U32)), e: new DataView(new ArrayBuffer(n * U32)), z: new DataView(new ArrayBuffer(n * U32)), l: new DataView(new ArrayBuffer(n * F64)), t: new DataView(new ArrayBuffer(n * F64)) }
  const kinds = new Uint8Array(n)
  const hashes = new Uint8Array(n * HASH)
  rows.forEach((r, i) => {
    cols.a.setUint32(i * U32, authorAt.get(r.authorHex) ?? 0, true)
    cols.s.setUint32(i * U32, r.seq, true)
    cols.e.setUint32(i * U32, r.epoch, true)
    cols.z.setUint32(i * U32, r.size, true)
    cols.l.setFloat64(i * F64, r.lamport, true)
    cols.t.setFloat64(i * F64, r.ts, true)
    kinds[i] = KINDS.indexOf(r.kind)
    hashes.set(fromHex(r.hashHex), i * HASH)
  })
  const bytes = (v: DataView): Uint8Array => new Uint8Array(v.buffer)
  const x = [...prints].sort(([a], [b]) => a - b).map(([epoch, print]) => [epoch, fromHex(print)])
  return encodeCbor({ v: LOAD_INDEX_VERSION, n, authors, a: bytes(cols.a), s: bytes(cols.s), e: bytes(cols.e), z: bytes(cols.z), l: bytes(cols.l), t: bytes(cols.t), k: kinds, h: hashes, x })
}

/**
 * A decoded segment, read in place: its columns, and a row's fields by position, without an
 * object per row (a start-up reads 100,000 rows; objects for them would be garbage by ready).
 */
export class IndexSegment {
  constructor (
    readonly length: number,
    private readonly authors: readonly string[],
    private readonly cols: Readonly<Record<'a' | 's' | 'e' | 'z' | 'l' | 't' | 'k', DataView>>,
    private readonly hashes: Uint8Array
  ) {}

  authorHex (i: number): string { return this.authors[this.cols.a.getUint32(i * U32, true)] as string }
  seq (i: number): number { return this.cols.s.getUint32(i * U32, true) }
  hash (i: number): Uint8Array { return this.hashes.subarray(i * HASH, (i + 1) * HASH) }
  hashHex (i: number): string { return toHex(this.hash(i)) }
  lamport (i: number): number { return this.cols.l.getFloat64(i * F64, true) }
  epoch (i: number): number { return this.cols.e.getUint32(i * U32, true) }
  ts (i: number): number { return this.cols.t.getFloat64(i * F64, true) }
  size (i: number): number { return this.cols.z.getUint32(i * U32, true) }
  kind (i: number): IndexKind { return KINDS[this.cols.k.getUint8(i)] ?? 'other' }

  row (i: number): IndexRow {
    return { authorHex: this.authorHex(i), seq: this.seq(i), hashHex: this.hashHex(i), lamport: this.lamport(i), epoch: this.epoch(i), ts: this.ts(i), size: this.size(i), kind: this.kind(i) }
  }

  rows (): IndexRow[] { return Array.from({ length: this.length }, (_, i) => this.row(i)) }
}

/** A segment and its key prints; undefined if it is not one this version reads (the caller falls back to the store). */
export function decodeSegment (segment: Uint8Array): { segment: IndexSegment, prints: KeyPrints } | undefined {
  let raw: Record<string, unknown>
  try {
    raw = decodeCbor(segment, segment.byteLength) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null) return undefined
  const n = raw.n
  const authors = raw.authors
  if (raw.v !== LOAD_INDEX_VERSION || !Number.isInteger(n) || !Array.isArray(authors) || !authors.every(a => typeof a === 'string')) return undefined
  const prints = printsOf(raw.x)
  if (prints === undefined) return undefined
  const count = n as number
  const col = (name: string, width: number): DataView | undefined => {
    const b = raw[name]
    return b instanceof Uint8Array && b.byteLength === count * width ? new DataView(b.buffer, b.byteOffset, b.byteLength) : undefined
  }
  const [a, s, e, z, l, t, k, h] = [col('a', U32), col('s', U32), col('e', U32), col('z', U32), col('l', F64), col('t', F64), col('k', 1), col('h', HASH)]
  if (a === undefined || s === undefined || e === undefined || z === undefined || l === undefined || t === undefined || k === undefined || h === undefined) return undefined
  for (let i = 0; i < count; i++) if (a.getUint32(i * U32, true) >= authors.length) return undefined
  return { segment: new IndexSegment(count, authors as string[], { a, s, e, z, l, t, k }, new Uint8Array(h.buffer, h.byteOffset, h.byteLength)), prints }
}

function printsOf (x: unknown): KeyPrints | undefined {
  if (!Array.isArray(x)) return undefined
  const prints: KeyPrints = new Map()
  for (const pair of x as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined
    const [epoch, print] = pair as [unknown, unknown]
    if (!Number.isInteger(epoch) || !(print instanceof Uint8Array) || print.byteLength !== KEY_PRINT) return undefined
    prints.set(epoch as number, toHex(print))
  }
  return prints
}
