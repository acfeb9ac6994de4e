// The workspace's shape inside its Y.Doc, and tolerant readers: members can write anything into
// a CRDT, so every record is validated when read and malformed ones are skipped, never trusted.
//
//   timeline: Y.Map<id, Y.Map { occurredAt, text, source, tags (JSON array), evidence (JSON array), createdAt }>
//   notes:    Y.Map<key, createdAt>, the index; each note's text is the root Y.Text `note:<key>`
//             (a root type, so two members creating the same note at once edit one text instead
//             of racing two nested texts for one map key, where the later would hide the other);
//             renamed and deleted notes: p2p/api/notes-shape.ts, shared with front-end replicas
//   tasks:    Y.Map<id, Y.Map { title, assignee, status, due, createdAt }>
import { z } from 'zod'

export const TIMELINE = 'timeline'
export const TASKS = 'tasks'

export const TASK_STATUSES = ['open', 'doing', 'done'] as const
export type TaskStatus = typeof TASK_STATUSES[number]

export const TimelineFields = z.object({
  occurredAt: z.string().max(40),
  text: z.string().max(16_000),
  source: z.string().max(500).default(''),
  tags: z.array(z.string().max(64)).max(64).default([]),
  evidence: z.array(z.string().max(500)).max(64).default([]),
  createdAt: z.number().int().nonnegative()
})
export type TimelineFields = z.infer<typeof TimelineFields>

export const TaskFields = z.object({
  title: z.string().min(1).max(500),
  assignee: z.string().max(100).default(''),
  status: z.enum(TASK_STATUSES).default('open'),
  due: z.string().max(40).default(''),
  createdAt: z.number().int().nonnegative()
})
export type TaskFields = z.infer<typeof TaskFields>

export const NOTE_NAME = z.string().trim().min(1).max(120)
