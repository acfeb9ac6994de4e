// index.html of a published bulletin: one self-contained page (no external file, no network) that
// shows every statement and checks them itself in the browser with WebCrypto: Ed25519 signatures,
// the hash chain and the numbering, the same rules as statement.ts. It shows the latest key's
// fingerprint for the reader to compare with the one the organisation published in advance.
// The statements are in the page twice: as plain HTML for a browser without JavaScript (marked
// "not checked"), and as the bulletin.json data the script checks and then shows instead. The
// page is a pure function of the statements, so `bulletin verify` can tell any changed byte.
import { BULLETIN_FORMAT, keyFingerprint, type BulletinItem } from './statement.js'

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#16181d}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
#status{padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
.checking{background:#e8eaee}.valid{background:#dcf5e3;color:#0d4a22}.invalid{background:#fde2e1;color:#7a1410}.unknown{background:#fff3cd;color:#5c4400}
code{font:14px ui-monospace,monospace;word-break:break-all}
article{background:#fff;border:1px solid #d5d9e0;border-radius:.5rem;padding:1rem;margin:1rem 0}
article.bad{border-color:#c0261d}
article h2{font-size:1rem;margin:0 0 .5rem;color:#4a5060}
article p{white-space:pre-wrap;margin:0}
.mark{float:right;font-weight:600}`

// Runs in the reader's browser: plain JavaScript, no imports.
const VERIFIER = `(async () => {
  const data = JSON.parse(document.getElementById('bulletin-data').textContent)
  const status = document.getElementById('status')
  const list = document.getElementById('bulletins')
  const enc = new TextEncoder()
  const hex = s => new Uint8Array((s.match(/../g) || []).map(h => parseInt(h, 16)))
  const toHex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('')
  const join = (a, b) => { const all = new Uint8Array(a.length + b.length); all.set(a); all.set(b, a.length); return all }
  const statement = i => enc.encode('${BULLETIN_FORMAT}\\nseq: ' + i.seq + '\\ntime: ' + i.time + '\\nprev: ' + i.prev + '\\nkey: ' + i.key + '\\n\\n' + i.text)
  const say = (cls, text) => { status.className = cls; status.textContent = text }
  const items = data.bulletins
  if (!window.crypto || !crypto.subtle) return say('unknown', 'This page can check its signatures only when opened from a file or over HTTPS. Check the folder with: lifeboat bulletin verify DIR')
  try {
    await crypto.subtle.importKey('raw', new Uint8Array(32).fill(1), { name: 'Ed25519' }, false, ['verify'])
  } catch (e) {
    if (e && e.name === 'NotSupportedError') return say('unknown', 'This browser cannot check Ed25519 signatures. Use an up-to-date browser, or check the folder with: lifeboat bulletin verify DIR')
  }
  let prev = '0'.repeat(64)
  let bad = 0
  const marks = []
  for (const [n, item] of items.entries()) {
    let ok = false
    try {
      const key = await crypto.subtle.importKey('raw', hex(item.key), { name: 'Ed25519' }, false, ['verify'])
      ok = item.seq === n + 1 && item.prev === prev && /^[0-9a-f]{128}$/.test(item.sig) &&
        await crypto.subtle.verify({ name: 'Ed25519' }, key, hex(item.sig), statement(item))
      prev = toHex(await crypto.subtle.digest('SHA-256', join(statement(item), hex(item.sig))))
    } catch (e) { ok = false }
    if (!ok && bad === 0) bad = n + 1
    marks.push(ok)
  }
  list.textContent = ''
  for (let n = items.length - 1; n >= 0; n--) {
    const item = items[n]
    const article = document.createElement('article')
    if (!marks[n]) article.className = 'bad'
    const h2 = document.createElement('h2')
    const mark = document.createElement('span')
    mark.className = 'mark'
    mark.textContent = marks[n] ? '\\u2713 signed' : '\\u2717 NOT VALID'
    h2.append(mark, 'Bulletin ' + item.seq + ' \\u2014 ' + item.time)
    const p = document.createElement('p')
    p.textContent = item.text
    article.append(h2, p)
    list.append(article)
  }
  const last = items[items.length - 1]
  if (last !== undefined) {
    const digest = toHex(await crypto.subtle.digest('SHA-256', join(enc.encode('lifeboat/bulletin-key/v1'), hex(last.key)))).slice(0, 40).toUpperCase()
    document.getElementById('fingerprint').textContent = digest.match(/.{4}/g).join('-')
  }
  if (bad > 0) say('invalid', 'NOT VALID: bulletin ' + bad + ' does not match its signature or its place in the chain. Do not trust this page.')
  else say('valid', 'Valid: ' + items.length + ' bulletin' + (items.length === 1 ? ' is' : 's are') + ' signed and in order. Compare the key fingerprint below with the one published in advance.')
})()`

/** The page for `items` (oldest first, as in bulletin.json; shown newest first). */
export function bulletinPage (items: readonly BulletinItem[], json: string): string {
  const last = items.at(-1)
  const fingerprint = last === undefined ? '' : keyFingerprint(last.key)
  const plain = [...items].reverse().map(i => `<article><h2><span class="mark">not checked</span>Bulletin ${i.seq} \u2014 ${escapeHtml(i.time)}</h2><p>${escapeHtml(i.text)}</p></article>`).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Public bulletin</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Public bulletin</h1>
<p id="status" class="checking">Checking the signatures\u2026 (this needs JavaScript)</p>
<p>Signed with the key whose fingerprint is <code id="fingerprint">${fingerprint}</code>. Compare it with the fingerprint the organisation published in advance. The same bulletins are in bulletin.txt (printable) and bulletin.json.</p>
<div id="bulletins">
${plain}
</div>
</main>
<script type="application/json" id="bulletin-data">${json.replace(/</g, '\\u003c')}</script>
<script>${VERIFIER}</script>
</body>
</html>
`
}
