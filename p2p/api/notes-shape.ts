// The notes of a workspace as the node and every front-end replica (renderer/notes/replica.ts)
// read and change them in the Y.Doc. Both must agree on what is visible, so the rule lives here,
// in the contract, once. Pure: a Y.Doc in, no I/O.
//
//   notes:        Y.Map<key, createdAt>  the index; a note's text is the root Y.Text `note:<key>`
//   noteTitles:   Y.Map<key, name>       a renamed (or re-used) note's name; absent: the key is the name
//   notesDeleted: Y.Map<key, deletedAt>  tombstones: a key here stays hidden for good
//
// A key is the name the note was first created with, so two members creating "Scope" at once
// still edit one text. Renaming only sets a title, so a member typing in the note meanwhile keeps
// typing into the same text. Deleting clears the text, drops the key from the index (older nodes
// then hide it too) and leaves a tombstone: a concurrent edit or re-creation of that key by a
// member who had not seen the deletion lands in a hidden text and never brings back a
// half-emptied note. A new note whose name's key is taken gets the key `name (2)`, `name (3)`…
import type * as Y from 'yjs'
import { hasVisibleText } from '../codec/text.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'

export const NOTES = 'notes'
export const NOTE_TITLES = 'noteTitles'
export const NOTES_DELETED = 'notesDeleted'
export const noteTextName = (key: string): string => `note:${key}`
export const NOTE_NAME_MAX = 120

/** A visible note: `key` addresses its text, `name` is what people see. */
export interface NoteRef { key: string, name: string }

const index = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTES)
const titles = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTE_TITLES)
const tombstones = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTES_DELETED)

/** A title as a member wrote it into the CRDT: used only if it is a name the API would accept. */
function validTitle (value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const name = value.trim()
  return name.length > 0 && name.length <= NOTE_NAME_MAX && hasVisibleText(name) ? name : undefined
}

/** The visible notes, by name (then key, when concurrent renames gave two the same name). */
export function listNotes (doc: Y.Doc): NoteRef[] {
  const gone = tombstones(doc)
  const named = titles(doc)
  return [...index(doc).keys()].filter(key => !gone.has(key))
    .map(key => ({ key, name: validTitle(named.get(key)) ?? key }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** The visible note called `name` (the first by key if two are), or undefined. */
export function findNote (doc: Y.Doc, name: string): NoteRef | undefined {
  return listNotes(doc).find(n => n.name === name)
}

export function noteByName (doc: Y.Doc, name: string): NoteRef {
  const note = findNote(doc, name)
  if (note === undefined) throw new NotFoundError(`no note named ${name}`)
  return note
}

/** The key of the note called `name`, creating it if there is none (under a key never used). */
export function openNote (doc: Y.Doc, name: string, now = Date.now()): string {
  const existing = findNote(doc, name)
  if (existing !== undefined) return existing.key
  const taken = (key: string): boolean => index(doc).has(key) || tombstones(doc).has(key)
  let key = name
  for (let n = 2; taken(key); n++) key = `${name} (${n})`
  doc.transact(() => {
    index(doc).set(key, now)
    if (key !== name) titles(doc).set(key, name)
  })
  return key
}

/** Gives the note `key` a new name; refused if another visible note has it. */
export function renameNote (doc: Y.Doc, key: string, name: string): void {
  const notes = listNotes(doc)
  const note = notes.find(n => n.key === key)
  if (note === undefined) throw new NotFoundError('no such note (deleted meanwhile?)')
  if (note.name === name) return
  if (notes.some(n => n.name === name)) throw new InvalidArgumentError(`a note named ${name} exists already`)
  doc.transact(() => {
    if (name === key) titles(doc).delete(key)
    else titles(doc).set(key, name)
  })
}

/** Deletes the note `key` for every member: its text is cleared and its key never shown again. */
export function deleteNote (doc: Y.Doc, key: string, now = Date.now()): void {
  if (!listNotes(doc).some(n => n.key === key)) throw new NotFoundError('no such note (deleted meanwhile?)')
  doc.transact(() => {
    const text = doc.getText(noteTextName(key))
    text.delete(0, text.length)
    titles(doc).delete(key)
    index(doc).delete(key)
    tombstones(doc).set(key, now)
  })
}
