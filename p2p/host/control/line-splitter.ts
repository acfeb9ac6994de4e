// Splits a byte stream into newline-terminated lines with a hard cap on line length, so a peer
// that never sends a newline cannot make us buffer without bound. Works on bytes, not strings,
// so a multi-byte UTF-8 character split across two chunks is decoded whole.

const NEWLINE = 0x0a

export interface SplitResult {
  lines: string[]
  /** A line grew past the limit: the stream cannot be resynchronised, drop the connection. */
  overflow: boolean
}

export class LineSplitter {
  readonly maxBytes: number
  #parts: Buffer[] = []
  #size = 0
  #overflowed = false

  constructor (maxBytes: number) {
    this.maxBytes = maxBytes
  }

  /** Feeds one chunk; returns the complete lines it finished (trailing "\r" removed, empty lines skipped). */
  push (chunk: Uint8Array): SplitResult {
    const lines: string[] = []
    if (this.#overflowed) return { lines, overflow: true }
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let start = 0
    for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      if (!this.#append(buf.subarray(start, nl))) return { lines, overflow: true }
      let text = Buffer.concat(this.#parts, this.#size).toString('utf8')
      if (text.endsWith('\r')) text = text.slice(0, -1)
      if (text.length > 0) lines.push(text)
      this.#parts = []
      this.#size = 0
      start = nl + 1
    }
    if (!this.#append(buf.subarray(start))) return { lines, overflow: true }
    return { lines, overflow: false }
  }

  /** Bytes held for an unfinished line. */
  get pendingBytes (): number {
    return this.#size
  }

  #append (piece: Buffer): boolean {
    if (this.#size + piece.length > this.maxBytes) {
      this.#overflowed = true
      this.#parts = []
      this.#size = 0
      return false
    }
    if (piece.length > 0) {
      this.#parts.push(piece)
      this.#size += piece.length
    }
    return true
  }
}
