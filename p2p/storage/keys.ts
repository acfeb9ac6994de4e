// Key layout of the local store. Every key starts with the schema prefix `v1/`; hex ids keep
// lexicographic order equal to numeric order where it matters (seq is fixed-width hex).
export const PREFIX = 'v1/'

export const keys = {
  schema: `${PREFIX}meta/schema`,
  identity: `${PREFIX}identity`,
  profile: `${PREFIX}profile`,
  incident: (inc: string) => `${PREFIX}inc/${inc}`,
  incidents: { gte: `${PREFIX}inc/`, lt: `${PREFIX}inc0` },
  rosterOp: (inc: string, hash: string) => `${PREFIX}ros/${inc}/${hash}`,
  allRosterOps: { gte: `${PREFIX}ros/`, lt: `${PREFIX}ros0` },
  rosterOps: (inc: string) => ({ gte: `${PREFIX}ros/${inc}/`, lt: `${PREFIX}ros/${inc}0` }),
  entry: (inc: string, author: string, seq: number) => `${PREFIX}ent/${inc}/${author}/${seq.toString(16).padStart(12, '0')}`,
  entries: (inc: string) => ({ gte: `${PREFIX}ent/${inc}/`, lt: `${PREFIX}ent/${inc}0` }),
  authorEntries: (inc: string, author: string, fromSeq: number) => ({
    gte: `${PREFIX}ent/${inc}/${author}/${fromSeq.toString(16).padStart(12, '0')}`, lt: `${PREFIX}ent/${inc}/${author}0`
  }),
  purged: (inc: string, author: string, seq: number) => `${PREFIX}pgd/${inc}/${author}/${seq.toString(16).padStart(12, '0')}`,
  purgedAll: (inc: string) => ({ gte: `${PREFIX}pgd/${inc}/`, lt: `${PREFIX}pgd/${inc}0` }),
  blocked: (peerId: string) => `${PREFIX}blocked/${peerId}`,
  blockedAll: { gte: `${PREFIX}blocked/`, lt: `${PREFIX}blocked0` },
  verified: (peerId: string) => `${PREFIX}verified/${peerId}`,
  draft: (inc: string, conversation: string) => `${PREFIX}draft/${inc}/${conversation}`,
  loadIndex: (inc: string, segment: number) => `${PREFIX}lidx/${inc}/${segment.toString(16).padStart(12, '0')}`,
  loadIndexAll: (inc: string) => ({ gte: `${PREFIX}lidx/${inc}/`, lt: `${PREFIX}lidx/${inc}0` }),
  snapshot: (inc: string) => `${PREFIX}ysnap/${inc}`,
  snapshots: { gte: `${PREFIX}ysnap/`, lt: `${PREFIX}ysnap0` },
  peer: (peerId: string) => `${PREFIX}peer/${peerId}`,
  peers: { gte: `${PREFIX}peer/`, lt: `${PREFIX}peer0` },
  addrRecord: (peerId: string) => `${PREFIX}addr/${peerId}`,
  addrRecords: { gte: `${PREFIX}addr/`, lt: `${PREFIX}addr0` }
} as const

/** The author hex and seq of an entry key. */
export function parseEntryKey (key: string): { author: string, seq: number } {
  const parts = key.split('/')
  return { author: parts[3] ?? '', seq: parseInt(parts[4] ?? '0', 16) }
}
