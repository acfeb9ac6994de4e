// One author's entry hashes by seq, 32 bytes each in fixed chunks of 64 KiB. A log of 100,000
// entries holds 3.2 MB here instead of ~9 MB of hex strings, and gives the garbage collector no
// object per entry to trace; chunks of one size never need copying as the log grows, nor a big
// allocation (glibc keeps the memory of big freed blocks). A hash that is not known (a purged
// entry this device never held) reads as ''.
import { toHex } from '../codec/bytes.js'

const HASH = 32
const PER_CHUNK = 2048

export class HashColumn {
  private readonly chunks: Buffer[] = []
  private count = 0
  /** Positions whose hash is not known (rare: purges). */
  private readonly unknown = new Set<number>()

  get length (): number { return this.count }

  /** Appends a hash, as bytes or hex ('' if not known). */
  push (hash: Uint8Array | string): void {
    const i = this.count
    if (this.chunks.length * PER_CHUNK === i) this.chunks.push(Buffer.alloc(PER_CHUNK * HASH))
    const chunk = this.chunks[this.chunks.length - 1] as Buffer
    const offset = (i % PER_CHUNK) * HASH
    if (hash === '') this.unknown.add(i)
    else if (typeof hash === 'string') {
      if (hash.length !== 2 * HASH || chunk.write(hash, offset, HASH, 'hex') !== HASH) throw new Error(`not a hash: ${hash}`)
    } else if (hash.byteLength === HASH) chunk.set(hash, offset)
    else throw new Error(`not a hash: ${hash.byteLength} bytes`)
    this.count++
  }

  /** The hash at `i` (from 0) as hex, '' if not known; undefined past the end. */
  at (i: number): string | undefined {
    const bytes = this.bytesAt(i)
    return bytes === undefined ? (i >= 0 && i < this.count ? '' : undefined) : toHex(bytes)
  }

  /** The hash at `i` as bytes (a view into the column); undefined if not known or past the end. */
  bytesAt (i: number): Uint8Array | undefined {
    if (i < 0 || i >= this.count || this.unknown.has(i)) return undefined
    const offset = (i % PER_CHUNK) * HASH
    return (this.chunks[Math.floor(i / PER_CHUNK)] as Buffer).subarray(offset, offset + HASH)
  }
}
