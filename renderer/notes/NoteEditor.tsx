// A CodeMirror 6 editor bound to one note's Y.Text (y-codemirror.next), with remote cursors from
// the presence awareness and undo/redo of your own edits only.
import { useEffect, useRef, type ReactElement } from 'react'
import { defaultKeymap, indentWithTab } from '@codemirror/commands'
import { EditorState } from '@codemirror/state'
import { drawSelection, EditorView, highlightActiveLine, keymap, placeholder } from '@codemirror/view'
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '15px', color: 'var(--text)', backgroundColor: 'var(--surface)' },
  '.cm-scroller': { fontFamily: 'var(--font-text)', lineHeight: '1.6', padding: '12px 0' },
  '.cm-content': { padding: '0 24px', caretColor: 'var(--accent)' },
  '.cm-line': { maxWidth: '90ch' },
  '&.cm-focused': { outline: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-ySelectionInfo': { fontFamily: 'var(--font-ui)', fontSize: '11px', fontWeight: '600', padding: '1px 4px', borderRadius: '3px', opacity: '1', top: '-1.35em' }
})

export function NoteEditor ({ text, awareness, label, readOnly }: { text: Y.Text, awareness: Awareness, label: string, readOnly: boolean }): ReactElement {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (host.current === null) return
    const undoManager = new Y.UndoManager(text)
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap, indentWithTab]),
          drawSelection(),
          highlightActiveLine(),
          EditorView.lineWrapping,
          placeholder('Start typing. Everyone in the incident sees your edits live; their cursors show with their names.'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          theme,
          yCollab(text, awareness, { undoManager })
        ]
      })
    })
    return () => { view.destroy(); undoManager.destroy() }
  }, [text, awareness, label, readOnly])
  return <div className="note-editor" ref={host} />
}
