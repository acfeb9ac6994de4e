// Playbooks: what a new incident starts with when a team activates it — tasks with an owner by
// role and a due time, timeline checkpoints and note skeletons. A few are built in; a team's
// admins define their own (`playbook` payloads, the latest of a name stands). Pure.
import type { Playbook, PlaybookOwner } from '../api/records.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import type { PayloadInput } from '../log/payload.js'

export const PLAYBOOK_OWNERS = ['lead', 'admin', 'responder', 'guest', 'observer'] as const satisfies readonly PlaybookOwner[]

const task = (title: string, owner: PlaybookOwner, dueInHours: number | null = null): Playbook['tasks'][number] => ({ title, owner, dueInHours })
const checkpoint = (text: string, atHours: number): Playbook['checkpoints'][number] => ({ text, atHours })

export const BUILT_IN_PLAYBOOKS: readonly Playbook[] = [
  {
    name: 'ransomware',
    about: 'Encrypted systems and a ransom note: contain, preserve evidence, decide on recovery.',
    source: 'built-in',
    tasks: [
      task('Isolate affected hosts from the network (do not power them off)', 'responder', 1),
      task('Disable compromised accounts and reset privileged credentials', 'responder', 2),
      task('Preserve evidence: memory, disk images, the ransom note, logs', 'responder', 4),
      task('Check that offline backups are intact and unreachable from the network', 'responder', 4),
      task('Brief executives and legal; decide who speaks for the company', 'lead', 2),
      task('Assess notification duties (regulators, customers, insurer)', 'admin', 24)
    ],
    checkpoints: [checkpoint('Containment decision', 2), checkpoint('Recovery plan agreed', 12), checkpoint('First regulator notification deadline check', 24)],
    notes: [
      { name: 'Affected systems', text: '## Affected systems\n\n| host | owner | state | isolated at |\n|---|---|---|---|\n' },
      { name: 'Decisions', text: '## Decisions\n\n- \n' }
    ]
  },
  {
    name: 'business-email-compromise',
    about: 'A mailbox in an attacker\'s hands: stop fraud, find the rules and the reach, tell who was fooled.',
    source: 'built-in',
    tasks: [
      task('Reset the mailbox password, revoke sessions and app tokens', 'responder', 1),
      task('Look for forwarding and inbox rules the attacker added', 'responder', 2),
      task('Call the bank about any payment the attacker asked for', 'lead', 1),
      task('List who received mail from the compromised mailbox', 'responder', 8),
      task('Warn partners and clients by an out-of-band channel', 'admin', 8)
    ],
    checkpoints: [checkpoint('Fraudulent payments stopped or reported', 4), checkpoint('Scope of mail access known', 24)],
    notes: [{ name: 'Mail rules found', text: '## Mail rules found\n\n| mailbox | rule | created | removed |\n|---|---|---|---|\n' }]
  },
  {
    name: 'data-breach',
    about: 'Data taken: find what and whose, keep the evidence, meet the notification deadlines.',
    source: 'built-in',
    tasks: [
      task('Stop the exfiltration path (accounts, keys, network egress)', 'responder', 2),
      task('Identify what data left and whose it is', 'responder', 24),
      task('Preserve logs that show access and transfer', 'responder', 4),
      task('Engage legal counsel; start the notification clock', 'lead', 4),
      task('Prepare the statement for the people affected', 'admin', 48)
    ],
    checkpoints: [checkpoint('Exfiltration stopped', 4), checkpoint('Notification decision (72 h rule)', 48)],
    notes: [{ name: 'Data inventory', text: '## Data inventory\n\n| dataset | records | personal data | left at |\n|---|---|---|---|\n' }]
  }
]

const isOwner = (owner: string): owner is PlaybookOwner => (PLAYBOOK_OWNERS as readonly string[]).includes(owner)

/** A `playbook` payload as the record the API shows; an owner this version does not know becomes the lead. */
export function playbookOf (payload: Extract<PayloadInput, { k: 'playbook' }>, source: string): Playbook {
  return {
    name: payload.name,
    about: payload.about ?? '',
    source,
    tasks: payload.ts.map(([title, owner, hours]) => task(title, isOwner(owner) ? owner : 'lead', hours === 0 ? null : hours)),
    checkpoints: payload.cp.map(([text, hours]) => checkpoint(text, hours)),
    notes: payload.nt.map(([name, text]) => ({ name, text }))
  }
}

/** The `playbook` payload that defines a playbook in a team. */
export function playbookPayload (playbook: Omit<Playbook, 'source'>): Extract<PayloadInput, { k: 'playbook' }> {
  return {
    k: 'playbook',
    name: playbook.name,
    ...(playbook.about === '' ? {} : { about: playbook.about }),
    ts: playbook.tasks.map(t => [t.title, t.owner, t.dueInHours ?? 0]),
    cp: playbook.checkpoints.map(c => [c.text, c.atHours]),
    nt: playbook.notes.map(n => [n.name, n.text])
  }
}

/** Who a task of each owner goes to: the lead by peer id, and the members holding each role. */
export interface Owners { lead: string, byRole: ReadonlyMap<string, readonly string[]> }

export interface Seed {
  tasks: Array<{ title: string, assignee: string, due: string }>
  timeline: Array<{ occurredAt: string, text: string }>
  notes: Array<{ name: string, text: string }>
}

/**
 * What the playbook writes into a new incident opened at `now`: each role's tasks go round the
 * members holding it (the lead's own go to the lead; a role nobody holds falls to the lead), due
 * times and checkpoints count from `now`.
 */
export function seedOf (playbook: Playbook, owners: Owners, now: number): Seed {
  const turn = new Map<string, number>()
  const assigneeFor = (owner: PlaybookOwner): string => {
    const holders = owner === 'lead' ? [] : owners.byRole.get(owner) ?? []
    if (holders.length === 0) return owners.lead
    const i = turn.get(owner) ?? 0
    turn.set(owner, i + 1)
    return holders[i % holders.length] as string
  }
  const at = (hours: number): string => new Date(now + hours * 3_600_000).toISOString()
  return {
    tasks: playbook.tasks.map(t => ({ title: t.title, assignee: assigneeFor(t.owner), due: t.dueInHours === null ? '' : at(t.dueInHours) })),
    timeline: [
      { occurredAt: at(0), text: `Incident opened with the ${playbook.name} playbook` },
      ...playbook.checkpoints.map(c => ({ occurredAt: at(c.atHours), text: `Checkpoint: ${c.text}` }))
    ],
    notes: playbook.notes.map(n => ({ ...n }))
  }
}

/** A team's own playbooks from its records: per name, the latest by Lamport (then author, seq) stands. */
export function teamPlaybooks (records: Iterable<PayloadRecord>, teamId: string): Map<string, Playbook> {
  const latest = new Map<string, PayloadRecord>()
  const later = (a: PayloadRecord, b: PayloadRecord): boolean => a.lamport !== b.lamport ? a.lamport > b.lamport : a.authorHex !== b.authorHex ? a.authorHex > b.authorHex : a.seq > b.seq
  for (const r of records) {
    if (r.payload.k !== 'playbook') continue
    const prior = latest.get(r.payload.name)
    if (prior === undefined || later(r, prior)) latest.set(r.payload.name, r)
  }
  return new Map([...latest].map(([name, r]) => [name, playbookOf(r.payload as Extract<PayloadInput, { k: 'playbook' }>, teamId)]))
}
