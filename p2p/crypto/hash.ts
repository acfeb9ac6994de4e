import { createHash, createHmac, hash, timingSafeEqual } from 'node:crypto'

/**
 * SHA-256 of the parts joined. One-shot (`crypto.hash`): for the small inputs hashed per entry
 * (tens of thousands in a catch-up) it costs about half of a `createHash` object fed part by part.
 */
export function sha256 (...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(hash('sha256', parts.length === 1 ? parts[0] as Uint8Array : Buffer.concat(parts), 'buffer'))
}

export function hmacSha256 (key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac('sha256', key)
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

export function constantTimeEqual (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b)
}

/** A SHA-256 fed piece by piece (a file too big to hold at once). */
export interface StreamingHash { update: (bytes: Uint8Array) => void, digest: () => Uint8Array }

export function sha256Stream (): StreamingHash {
  const h = createHash('sha256')
  return { update: (bytes) => { h.update(bytes) }, digest: () => new Uint8Array(h.digest()) }
}
