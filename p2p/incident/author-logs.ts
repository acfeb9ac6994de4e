// In-memory index of every author's log in one incident: the entry hashes by seq, which is what
// validation, version vectors and the digest need. The entries themselves stay in the store.
import { fromHex, toHex } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'
import type { AuthorLogView } from '../log/validate.js'

export class AuthorLogs {
  private readonly hashes = new Map<string, string[]>()
  private cachedDigest: string | undefined

  /** The author's log as validation sees it, with `overlay` (accepted, not yet stored) on top. */
  view (authorHex: string, overlay: readonly string[] = []): AuthorLogView {
    const stored = this.hashes.get(authorHex) ?? []
    const at = (seq: number) => seq <= stored.length ? stored[seq - 1] : overlay[seq - stored.length - 1]
    const headSeq = stored.length + overlay.length
    return { headSeq, headHashHex: at(headSeq), hashAt: at }
  }

  headSeq (authorHex: string): number { return this.hashes.get(authorHex)?.length ?? 0 }

  /** Records entries already validated to follow the author's head, in seq order. */
  append (authorHex: string, hashHex: string): void {
    let list = this.hashes.get(authorHex)
    if (list === undefined) { list = []; this.hashes.set(authorHex, list) }
    list.push(hashHex)
    this.cachedDigest = undefined
  }

  versionVector (): Map<string, number> {
    return new Map([...this.hashes].map(([author, list]) => [author, list.length]))
  }

  count (): number {
    let n = 0
    for (const list of this.hashes.values()) n += list.length
    return n
  }

  /** SHA-256 over every accepted entry hash in (author, seq) order: equal data, equal digest. */
  digest (): string {
    if (this.cachedDigest === undefined) {
      const parts: Uint8Array[] = []
      for (const author of [...this.hashes.keys()].sort()) {
        parts.push(fromHex(author))
        for (const h of this.hashes.get(author) ?? []) parts.push(fromHex(h))
      }
      this.cachedDigest = toHex(sha256(...parts))
    }
    return this.cachedDigest
  }
}
