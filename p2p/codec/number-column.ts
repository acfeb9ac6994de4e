// A growable column of numbers in fixed chunks of typed arrays. Numbers kept this way cost their
// bytes and nothing else: no object per value for the garbage collector to trace, and no copy as
// the column grows (a growing array is copied, and glibc keeps the memory of big freed blocks).
// Float64 holds any seq, Lamport value or time exactly; Uint32 holds small ids.

const SHIFT = 13
const PER_CHUNK = 1 << SHIFT

type Chunk = Float64Array | Uint32Array

export class NumberColumn {
  private readonly chunks: Chunk[] = []
  private count = 0

  constructor (private readonly kind: 'float64' | 'uint32' = 'float64') {}

  get length (): number { return this.count }

  /** Appends `value` and returns its position. */
  push (value: number): number {
    const i = this.count
    if (i === this.chunks.length * PER_CHUNK) this.chunks.push(this.kind === 'float64' ? new Float64Array(PER_CHUNK) : new Uint32Array(PER_CHUNK))
    ;(this.chunks[this.chunks.length - 1] as Chunk)[i & (PER_CHUNK - 1)] = value
    this.count++
    return i
  }

  /** The value at position `i`; past the end: an error (a caller's bug, not data). */
  at (i: number): number {
    if (i < 0 || i >= this.count) throw new RangeError(`position ${i} is outside a column of ${this.count}`)
    return (this.chunks[i >>> SHIFT] as Chunk)[i & (PER_CHUNK - 1)] as number
  }
}
