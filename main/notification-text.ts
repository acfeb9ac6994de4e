// Text from other members (names, incident titles, messages) made safe for a desktop
// notification. On Linux the notification server renders the body as markup (the freedesktop
// notification spec: a subset of HTML), so a message holding "<a href=…>" or "&" would become a
// link or vanish: the body is XML-escaped there. The summary (our title) is plain text by the
// spec, yet some servers parse it too, and an escaped "&amp;" would show as such on the others:
// so the few markup characters in a title become look-alikes that read the same either way.
// Elsewhere (macOS, Windows) notifications are plain text and only bidi controls are removed.
import { stripBidiControls } from '../p2p/codec/text.js'

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const TITLE_LOOKALIKES: Record<string, string> = { '&': '＆', '<': '‹', '>': '›' }

/** A notification body: markup characters escaped where the server renders markup. */
export function notificationBody (text: string, markup: boolean): string {
  const plain = stripBidiControls(text)
  return markup ? plain.replace(/[&<>"']/g, c => XML_ESCAPES[c] ?? c) : plain
}

/** A notification title: never read as markup, whether or not the server parses it. */
export function notificationTitle (text: string, markup: boolean): string {
  const plain = stripBidiControls(text)
  return markup ? plain.replace(/[&<>]/g, c => TITLE_LOOKALIKES[c] ?? c) : plain
}
