// What an entry carries once decrypted. v1 CBOR payloads, one per kind:
//   msg        { text, m?: mentioned peer keys, re?: [author key, seq] of the message it answers }
//   edit       { r: [author key, seq] of the message, text }
//   delete     { r }
//   react      { r, emoji, on: true to add, false to take back }
//   pin        { r, on: true to pin, false to unpin } — the incident's pinned messages (chat/pins.ts)
//   ydoc       { u: a Yjs update of the incident's workspace document }
//   fork-proof { r: [author key, seq] forked, h: [hash, hash] of the two entries (ascending),
//                i: part index, n: part count, d: bytes of part i } (see fork-proof.ts)
//   file       { name, size, type: media type, sha: SHA-256 of the file, key: the file's random
//                key, cs: chunk size, ch: [SHA-256 of each encrypted chunk], cap?: caption,
//                ev: shared as evidence } — a shared file's manifest (crypto/file-chunks.ts)
//   held       { r: [author key, seq] of a file, sha } — this device verified a full copy and
//                holds it (the file's custody record)
//   seen       { s: [[author key, seq], …] } — its author has had on screen every chat message of
//                each listed author up to that seq (a read receipt; chat/read-receipts.ts)
//   settings   { auto?: bytes, ret?: days | null, hold?: boolean, reg?: [regime], co?: { ts?, wr? } } — an admin
//                sets the incident's settings: files up to `auto` bytes are fetched by every member on its own;
//                conversation content older than `ret` days is deleted (null: kept); `hold`: a
//                legal hold suspends every deletion (incident/settings.ts, record/retention-plan.ts);
//                `reg`: the regulatory regimes whose clocks apply, `co`: their options (trust
//                service provider, DORA's weekend rule)
//   fact       { f: kind, at: ms, r?: 'regime/report' } — an admin records a fact that starts or
//                stops a regulatory clock: aware, classified, material, belief, ransom-paid, handled,
//                or a report submitted / requested (r names it) (clocks/deadlines.ts)
//   purge      { b: cutoff ms, r: [[author key, from seq, to seq, hash of entry `to`], …] } — an
//                admin's device deleted these entries under the retention setting; every device
//                deletes them too and fills them in when it meets the entries after them
//                (incident/purge-book.ts)
//   announce   { text, urgent, ack: acknowledgement asked, o?: answer options } — an admin's
//                announcement to every member (chat/announcements.ts)
//   ack        { r: [author key, seq] of an announcement, a?: answer } — a person acknowledged it
//   got        { r: [[author key, seq], …] } — this device received these announcements (automatic)
//   remind     { r: [author key, seq] of an announcement } — an admin reminds those still pending
//   bkey       { p: Ed25519 public key, s: [[member key, sealed seed], …] } — an admin makes (or
//                re-seals to more admins) the incident's public-bulletin key (bulletin/bulletin-book.ts)
//   bulletin   { n, t: ISO time, prev, p: bulletin key, text, sig } — an admin's signed public
//                statement, exactly as published (bulletin/statement.ts)
// In a team (a standing roster, team/):
//   activate   { i: incident id, title, o: [roster op wires], pb?: playbook } — an admin opened an
//                incident with the team's members in it: its genesis and `add` ops (team/activation.ts)
//   playbook   { name, about?, ts: [[title, owner, due in hours (0: none)]], cp: [[text, hours]], nt: [[name,
//                text]] } — an admin's playbook for the team; the latest of a name stands (team/playbooks.ts)
//   drill      { text, every?: ms } — an admin's readiness drill: an announcement every member's
//                device answers and every person acknowledges (`ack`); `every` (0: off) schedules the next
//   reach      { r: [author key, seq] of a drill, ver: app version } — this device received the
//                drill (automatic, like `got`)
// Private conversations (direct messages and private threads, chat/threads.ts):
//   thread     { i: conversation id, kid: key id, s: [[member key, conversation key sealed to
//                it]], dm?: true, tn?/tc?: the title, encrypted } — opens a conversation, or
//                gives it a new key (its creator; or a participant dropping removed members)
//   pmsg       { i, kid, n: nonce, c: { text, re? } encrypted with that key } — a private message
// Calls (the audio goes browser to browser, never recorded; call/):
//   call       { a: 'start' | 'join' | 'leave' | 'end', c: call id (16 B) } — its author's device joined or left the call
// The record (record/):
//   ckpt       { h: [[author key, seq, hash of that entry], …] } — this device's checkpoint: it held
//                every listed author's log up to that seq (each hash commits to all before it)
// Later kinds extend this union with new `k` values; a node that meets a kind it does not know
// keeps the entry and ignores its payload. A payload that is not CBOR at all, or a known kind in
// the wrong shape, is malformed: also kept (its seq and hash count) and ignored, and counted.
import { z } from 'zod'
import { encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { MAX_CIPHERTEXT_BYTES } from './entry.js'

export const PAYLOAD_VERSION = 1
export const MAX_TEXT_CHARS = 16_000
/** A fork proof's two entry wires travel in parts of at most this many bytes… */
export const FORK_PROOF_PART_BYTES = 384 * 1024
/** …and at most this many parts (two entries of the largest size need three). */
export const MAX_FORK_PROOF_PARTS = 3

/** The most chunks one manifest lists (8 GiB at 1 MiB chunks; the manifest stays ~280 KB). */
export const MAX_FILE_CHUNKS = 8192
export const MAX_FILE_NAME_CHARS = 255
/** The largest automatic-fetch size an incident can set (1 TiB: in effect, every file). */
export const MAX_AUTO_FETCH_BYTES = 2 ** 40
/** Answer options of a roll call, and the longest option. */
export const MAX_ANNOUNCE_OPTIONS = 8
export const MAX_OPTION_CHARS = 40
/** The most announcements one delivery receipt names. */
export const MAX_GOT_REFS = 64
/** The most authors one read receipt names (a receipt lists only those that moved on). */
export const MAX_RECEIPT_AUTHORS = 256
/** The most sealed copies of the bulletin key one `bkey` carries, and a sealed copy's size. */
export const MAX_BULLETIN_KEY_BOXES = 64
export const MAX_SEALED_SEED_BYTES = 128
/** An activation's roster ops (a genesis and one `add` per member), and the largest op (roster-op.ts). */
export const MAX_ACTIVATION_OPS = 1025
const MAX_ROSTER_OP_WIRE = 64 * 1024 + 128
/** A playbook's tasks, checkpoints and notes, and the longest name a playbook or its owner has. */
export const MAX_PLAYBOOK_ITEMS = 100
export const MAX_PLAYBOOK_NAME_CHARS = 60
/** The most participants a private conversation has. */
export const MAX_THREAD_PARTICIPANTS = 64
/** Authors one checkpoint lists at most (every member an incident ever had, relays aside). */
export const MAX_CHECKPOINT_AUTHORS = 2048
/** Ranges one `purge` entry lists at most, and entries one range spans at most. */
export const MAX_PURGE_RANGES = 4096
export const MAX_PURGE_SPAN = 2 ** 20
/** The regulatory regimes whose clocks Lifeboat keeps (clocks/deadlines.ts). */
export const REGIMES = ['nis2', 'dora', 'gdpr', 'sec', 'circia'] as const
/** Facts that start clocks; `submitted` and `requested` name a report (`regime/report`). */
export const START_FACTS = ['aware', 'classified', 'material', 'belief', 'ransom-paid', 'handled'] as const
export const FACT_KINDS = [...START_FACTS, 'submitted', 'requested'] as const
/** Retention in days at most (a century). */
export const MAX_RETENTION_DAYS = 36_500

const ref = z.tuple([bytes(32), uint().min(1)])
const text = z.string().min(1).max(MAX_TEXT_CHARS)
const playbookName = z.string().min(1).max(MAX_PLAYBOOK_NAME_CHARS)
const purgeRange = z.tuple([bytes(32), uint().min(1), uint().min(1), bytes(32)])
  .refine(([, from, to]) => to >= from && to - from < MAX_PURGE_SPAN, 'a purge range runs forward, within the span limit')

export const Payload = z.discriminatedUnion('k', [
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('msg'), text, m: z.array(bytes(32)).max(100).optional(), re: ref.optional() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('pin'), r: ref, on: z.boolean() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('edit'), r: ref, text }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('delete'), r: ref }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('react'), r: ref, emoji: z.string().min(1).max(32), on: z.boolean() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('ydoc'), u: boundedBytes(MAX_CIPHERTEXT_BYTES - 64) }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('fork-proof'),
    r: ref,
    h: z.tuple([bytes(32), bytes(32)]),
    i: uint().max(MAX_FORK_PROOF_PARTS - 1),
    n: uint().min(1).max(MAX_FORK_PROOF_PARTS),
    d: boundedBytes(FORK_PROOF_PART_BYTES)
  }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('file'),
    name: z.string().min(1).max(MAX_FILE_NAME_CHARS),
    size: uint(),
    type: z.string().max(127),
    sha: bytes(32),
    key: bytes(32),
    cs: uint().min(1),
    ch: z.array(bytes(32)).max(MAX_FILE_CHUNKS),
    cap: z.string().max(MAX_TEXT_CHARS).optional(),
    ev: z.boolean()
  }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('held'), r: ref, sha: bytes(32) }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('seen'), s: z.array(ref).min(1).max(MAX_RECEIPT_AUTHORS) }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('settings'),
    auto: uint().max(MAX_AUTO_FETCH_BYTES).optional(),
    ret: uint().max(MAX_RETENTION_DAYS).nullable().optional(),
    hold: z.boolean().optional(),
    reg: z.array(z.enum(REGIMES)).max(REGIMES.length).optional(),
    co: z.object({ ts: z.boolean().optional(), wr: z.boolean().optional() }).strict().optional()
  }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('announce'),
    text,
    urgent: z.boolean(),
    ack: z.boolean(),
    o: z.array(z.string().min(1).max(MAX_OPTION_CHARS)).min(2).max(MAX_ANNOUNCE_OPTIONS).optional()
  }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('ack'), r: ref, a: z.string().min(1).max(MAX_OPTION_CHARS).optional() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('got'), r: z.array(ref).min(1).max(MAX_GOT_REFS) }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('remind'), r: ref }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('bkey'), p: bytes(32), s: z.array(z.tuple([bytes(32), boundedBytes(MAX_SEALED_SEED_BYTES)])).max(MAX_BULLETIN_KEY_BOXES) }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('bulletin'),
    n: uint().min(1),
    t: z.string().max(40),
    prev: bytes(32),
    p: bytes(32),
    text,
    sig: bytes(64)
  }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('activate'),
    i: bytes(16),
    title: z.string().min(1).max(200),
    o: z.array(boundedBytes(MAX_ROSTER_OP_WIRE)).min(1).max(MAX_ACTIVATION_OPS),
    pb: playbookName.optional()
  }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('playbook'),
    name: playbookName,
    about: z.string().max(MAX_TEXT_CHARS).optional(),
    ts: z.array(z.tuple([z.string().min(1).max(500), playbookName, uint().max(24 * 365)])).max(MAX_PLAYBOOK_ITEMS),
    cp: z.array(z.tuple([z.string().min(1).max(500), uint().max(24 * 365)])).max(MAX_PLAYBOOK_ITEMS),
    nt: z.array(z.tuple([z.string().min(1).max(200), z.string().max(MAX_TEXT_CHARS)])).max(MAX_PLAYBOOK_ITEMS)
  }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('drill'), text, every: uint().optional() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('reach'), r: ref, ver: z.string().min(1).max(40) }).strict(),
  z.object({
    v: z.literal(PAYLOAD_VERSION),
    k: z.literal('thread'),
    i: bytes(16),
    kid: bytes(8),
    s: z.array(z.tuple([bytes(32), boundedBytes(256)])).min(2).max(MAX_THREAD_PARTICIPANTS),
    dm: z.literal(true).optional(),
    tn: bytes(24).optional(),
    tc: boundedBytes(2048).optional()
  }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('pmsg'), i: bytes(16), kid: bytes(8), n: bytes(24), c: boundedBytes(4 * MAX_TEXT_CHARS + 256) }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('ckpt'), h: z.array(z.tuple([bytes(32), uint().min(1), bytes(32)])).max(MAX_CHECKPOINT_AUTHORS) }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('fact'), f: z.enum(FACT_KINDS), at: uint(), r: z.string().regex(/^[a-z0-9]+\/[a-z0-9-]+$/).max(40).optional() }).strict()
    .refine(p => (p.f === 'submitted' || p.f === 'requested') === (p.r !== undefined), 'a submitted or requested fact names its report, no other does'),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('purge'), b: uint(), r: z.array(purgeRange).min(1).max(MAX_PURGE_RANGES) }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('call'), a: z.enum(['start', 'join', 'leave', 'end']), c: bytes(16) }).strict()
])
export const KNOWN_KINDS = new Set(['msg', 'edit', 'delete', 'react', 'ydoc', 'fork-proof', 'file', 'held', 'seen', 'settings', 'announce', 'ack', 'got', 'remind', 'bkey', 'bulletin', 'activate', 'playbook', 'drill', 'reach', 'thread', 'pmsg', 'pin', 'ckpt', 'purge', 'fact', 'call'])

export type Payload = z.infer<typeof Payload>
export type ChatPayload = Exclude<Payload, { k: 'ydoc' | 'fork-proof' | 'file' | 'held' }>
/** A chat payload that changes a message (`r` names it); `msg` starts one, `seen` reads many, `settings` names none. */
export type MessageChange = Extract<ChatPayload, { k: 'edit' | 'delete' | 'react' | 'pin' }>
export type FilePayload = Extract<Payload, { k: 'file' | 'held' }>
export type ForkProofPart = Extract<Payload, { k: 'fork-proof' }>
export type PayloadInput = Payload extends infer P ? P extends { v: number } ? Omit<P, 'v'> : never : never

export function encodePayload (payload: PayloadInput): Uint8Array {
  return encodeCbor(parseShape(Payload, { ...payload, v: PAYLOAD_VERSION }, 'payload'))
}
