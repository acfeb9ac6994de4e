// Full-text search over what an incident holds and this device can read (chat, direct messages
// and private threads, timeline, notes, tasks, file names), with MiniSearch: BM25 ranking, prefix
// and light fuzzy matching. Held in memory only (never written to disk, so nothing decrypted is
// kept at rest); brought up to date from the documents given on each search, changing only the
// documents that changed. Pure apart from the library.
import MiniSearch from 'minisearch'

export type SearchKind = 'message' | 'dm' | 'timeline' | 'note' | 'task' | 'file'

export interface SearchDoc { kind: SearchKind, id: string, text: string, author: string, name: string, ts: number, thread?: string | undefined }
export interface SearchHit { kind: SearchKind, id: string, snippet: string, author: string, name: string, ts: number, score: number, thread?: string | undefined }

const SNIPPET_CHARS = 120

/**
 * Words, and the whole of tokens such as 10.0.0.5, fs-02, svc_backup or a hash kept together
 * too, so "that IP" is found as typed.
 */
export function tokenize (text: string): string[] {
  const out: string[] = []
  for (const whole of queryTokens(text)) {
    const parts = whole.split(/[.:/@#_-]+/).filter(p => p !== '')
    if (parts.length !== 1 || parts[0] !== whole) out.push(whole)
    out.push(...parts)
  }
  return out
}

/**
 * A query's terms: whole tokens only. The index holds each whole token and its parts, so
 * "10.0.0.5" is one term (not five that each match half the index) and "svc" still finds svc_backup.
 */
export function queryTokens (text: string): string[] {
  return text.toLowerCase().split(/[\s,;!?()"'`[\]{}<>|=*]+/u).map(t => t.replace(/^[.:/@#-]+|[.:/@#-]+$/g, '')).filter(t => t !== '')
}

/** Up to SNIPPET_CHARS of `text` around the first of `terms` in it, on one line. */
export function snippetOf (text: string, terms: readonly string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const lower = flat.toLowerCase()
  const at = Math.min(...terms.map(t => lower.indexOf(t)).filter(i => i >= 0), flat.length)
  const start = at >= flat.length || at < SNIPPET_CHARS / 3 ? 0 : at - Math.floor(SNIPPET_CHARS / 3)
  const piece = flat.slice(start, start + SNIPPET_CHARS)
  return `${start > 0 ? '…' : ''}${piece}${start + SNIPPET_CHARS < flat.length ? '…' : ''}`
}

const keyOf = (doc: SearchDoc): string => `${doc.kind}:${doc.id}`

/** Chat messages per shard: a common word is scored in the newest shards only, not in all 100k messages. */
export const MESSAGES_PER_SHARD = 10_000

type Indexed = Omit<SearchDoc, 'id'> & { key: string, itemId: string }

/** Only words are matched loosely: an IP, a host or account name, a hash is meant as typed. */
const fuzzyFor = (term: string): number | false => term.length > 4 && /^\p{L}+$/u.test(term) ? 0.2 : false

function newShard (): MiniSearch<Indexed> {
  return new MiniSearch<Indexed>({
    idField: 'key',
    fields: ['text'],
    // The text is kept once, in `texts` (for snippets), not again in the index.
    storeFields: ['kind', 'itemId', 'author', 'name', 'ts', 'thread'],
    tokenize,
    processTerm: term => term,
    // A prefix of one or two characters would match most of the index: whole words only there.
    searchOptions: { tokenize: queryTokens, prefix: term => term.length >= 3, fuzzy: fuzzyFor, combineWith: 'AND' }
  })
}

/**
 * The index is cut in shards: one for everything but chat messages (timeline, notes, tasks, files,
 * private messages: always searched), and the chat in shards of MESSAGES_PER_SHARD in the order
 * they were indexed (oldest first). A search goes through the message shards newest first and
 * stops once it has `limit` results, so the best matches among the most recent messages come
 * first and a common word costs one or two shards; a rare one still reaches every shard.
 */
export class SearchIndex {
  private readonly others = newShard()
  private readonly shards: Array<MiniSearch<Indexed>> = []
  /** Which shard holds each indexed message. */
  private readonly shardOf = new Map<string, MiniSearch<Indexed>>()

  /** What is indexed, by key: its text (to tell a changed document from an unchanged one). */
  private readonly texts = new Map<string, string>()

  constructor (private readonly perShard = MESSAGES_PER_SHARD) {}

  get size (): number { return this.texts.size }

  private shardFor (doc: SearchDoc, key: string): MiniSearch<Indexed> {
    if (doc.kind !== 'message') return this.others
    const held = this.shardOf.get(key)
    if (held !== undefined) return held
    let newest = this.shards[this.shards.length - 1]
    if (newest === undefined || newest.documentCount >= this.perShard) {
      newest = newShard()
      this.shards.push(newest)
    }
    this.shardOf.set(key, newest)
    return newest
  }

  private discard (key: string): void {
    const shard = key.startsWith('message:') ? this.shardOf.get(key) : this.others
    shard?.discard(key)
    this.shardOf.delete(key)
  }

  /** Adds `doc`, or replaces what is indexed under its kind and id if its text changed (an empty text removes it). */
  put (doc: SearchDoc): void {
    const key = keyOf(doc)
    const prior = this.texts.get(key)
    if (prior === doc.text) return
    if (doc.text.trim() === '') { this.remove(doc.kind, doc.id); return }
    // An edited message stays in its shard: it keeps its place in time.
    const shard = this.shardFor(doc, key)
    if (prior !== undefined) shard.discard(key)
    const { id, ...rest } = doc
    shard.add({ ...rest, key, itemId: id })
    this.texts.set(key, doc.text)
  }

  remove (kind: SearchKind, id: string): void {
    const key = `${kind}:${id}`
    if (!this.texts.has(key)) return
    this.discard(key)
    this.texts.delete(key)
  }

  /** Makes the index hold exactly `docs` of `kinds` (every kind by default): adds, replaces and removes only what differs. */
  update (docs: Iterable<SearchDoc>, kinds?: readonly SearchKind[]): void {
    const seen = new Set<string>()
    for (const doc of docs) {
      seen.add(keyOf(doc))
      this.put(doc)
    }
    for (const key of [...this.texts.keys()]) {
      if (seen.has(key) || (kinds !== undefined && !kinds.includes(key.slice(0, key.indexOf(':')) as SearchKind))) continue
      this.discard(key)
      this.texts.delete(key)
    }
  }

  search (query: string, limit: number): SearchHit[] {
    const found = this.others.search(query)
    let messages = 0
    for (let i = this.shards.length - 1; i >= 0 && messages < limit; i--) {
      const hits = (this.shards[i] as MiniSearch<Indexed>).search(query)
      messages += hits.length
      found.push(...hits)
    }
    return found.sort((a, b) => b.score - a.score).slice(0, limit).map(r => ({
      kind: r.kind as SearchKind,
      id: r.itemId as string,
      snippet: snippetOf(this.texts.get(r.id as string) ?? '', r.terms),
      author: r.author as string,
      name: r.name as string,
      ts: r.ts as number,
      score: Math.round(r.score * 1000) / 1000,
      ...(r.thread === undefined ? {} : { thread: r.thread as string })
    }))
  }
}
