// Unicode character classes for text that someone else wrote: what counts as visible, and what
// can disguise text when it is shown: control characters (terminal escapes, line breaks) and the
// bidi formatting characters (overrides, embeddings, isolates, marks), which reorder or flip what
// follows them (U+202E shows "exe.txt" as "txt.exe"). Pure, no imports: front ends use it too.

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g
/** ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO and LRI/RLI/FSI/PDI. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** Whatever a terminal or a text view may take as a line break (CRLF counts once). */
// eslint-disable-next-line no-control-regex -- as above
export const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g

/** Whether `text` has anything visible: not only spaces, line breaks, controls or format characters. */
export function hasVisibleText (text: string): boolean {
  return /[^\p{White_Space}\p{Cc}\p{Cf}]/u.test(text)
}

export function stripBidiControls (text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/** One emoji as Unicode recommends them (RGI), skin tones, flags and ZWJ sequences included. */
const SINGLE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v')

/** Whether `text` is exactly one emoji: what a reaction must be. */
export function isSingleEmoji (text: string): boolean {
  return SINGLE_EMOJI.test(text)
}
