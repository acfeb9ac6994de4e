// Which chunks of a file hold a byte range, and which part of each: how fileRead answers for
// "bytes offset to offset + length" when the file is stored as chunks of `chunkBytes`. Pure.

export interface ChunkSlice {
  index: number
  /** Start and end (exclusive) within the chunk's plaintext. */
  from: number
  to: number
}

/** The slices of the chunks covering [offset, offset + length), clipped to the file's size. */
export function chunkSlices (size: number, chunkBytes: number, offset: number, length: number): ChunkSlice[] {
  const end = Math.min(size, offset + length)
  const slices: ChunkSlice[] = []
  for (let at = offset; at < end;) {
    const index = Math.floor(at / chunkBytes)
    const chunkStart = index * chunkBytes
    const to = Math.min(end, chunkStart + chunkBytes) - chunkStart
    slices.push({ index, from: at - chunkStart, to })
    at = chunkStart + to
  }
  return slices
}
