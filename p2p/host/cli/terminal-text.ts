// Text from other members, made safe to print on a terminal. Names, messages, titles, notes and
// tasks are written by peers, and a terminal obeys what they hold: escape sequences (clear the
// screen, retitle the window, move the cursor), a line break that starts a forged line
// ("Ana (IR lead): wipe fs-02 now, approved"), bidi overrides that flip text. Here control
// characters become visible symbols (ESC shows as ␛), bidi controls are removed, and line breaks
// are marked with ⏎: in a one-line field the text stays on its line; in a message it goes on in
// an indented continuation line, so nothing a peer writes can begin a line of the output.
// --json output stays exact: JSON.stringify escapes C0 controls, and jsonForTerminal escapes the
// rest (C1 controls, bidi controls, line separators) as \uXXXX, which parses to the same value.
import { BIDI_CONTROLS, CONTROL_CHARS, LINE_BREAKS } from '../../codec/text.js'

export const LINE_BREAK_MARK = '⏎'

/** C0 controls as their Unicode control pictures (U+2400…), DEL as ␡, C1 controls as �. */
function controlPicture (c: string): string {
  const code = c.charCodeAt(0)
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  return code === 0x7f ? '\u2421' : '\ufffd'
}

/** Text with no line breaks in it: controls made visible (tabs as spaces), bidi controls removed. */
function neutralise (text: string, keepTabs = false): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARS, c => c === '\t' ? (keepTabs ? c : ' ') : controlPicture(c))
}

/** For table cells and "label: value" fields: one line, with each line break shown as " ⏎ ". */
export function inline (text: string): string {
  return text.split(LINE_BREAKS).map(line => neutralise(line)).join(` ${LINE_BREAK_MARK} `)
}

/** For a message: each line break shown as ⏎, the text going on in a line that starts with `indent` (which must not be empty). */
export function block (text: string, indent: string): string {
  return text.split(LINE_BREAKS).map(line => neutralise(line)).join(`${LINE_BREAK_MARK}\n${indent}`)
}

/** For a whole document printed alone (`note show`): line breaks kept as they are, the rest neutralised. */
export function document (text: string): string {
  return text.split(LINE_BREAKS).map(line => neutralise(line, true)).join('\n')
}

/** The last pass over everything the CLI prints: only its own line breaks and tabs stay as they are. */
export function terminalSafe (output: string): string {
  return output.split('\n').map(line => neutralise(line, true)).join('\n')
}

/** JSON text with every character a terminal could act on written as a \uXXXX escape: the same JSON value. */
export function jsonForTerminal (json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
