// A document as sections of a few block kinds, written as Markdown or as one self-contained HTML
// page (no script, no external file, a print stylesheet). Every text in a block may be a
// member's (names, messages, file names): HTML escapes it, and Markdown backslash-escapes what
// could make a link, raw HTML or a table cell of it, and folds it onto one line (a quote keeps its
// lines, each behind its own `>`), so nothing a member wrote becomes structure. Pure.

export type Block =
  | { kind: 'facts', rows: Array<[label: string, value: string, mono?: boolean]> }
  | { kind: 'table', label: string, head: string[], rows: string[][], mono?: number[] }
  | { kind: 'text', text: string }
  | { kind: 'quote', text: string }
  | { kind: 'command', text: string }

export interface Section { title: string, level?: 2 | 3, blocks: Block[] }

export interface Document { title: string, sections: Section[] }

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** Markdown inline text: one line, with \ ` * _ [ ] < > | & escaped. */
export const mdText = (text: string): string => oneLine(text).replace(/[\\`*_[\]<>|&]/g, c => `\\${c}`)

export const htmlText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

function mdBlock (block: Block): string[] {
  switch (block.kind) {
    case 'facts': return block.rows.map(([label, value]) => `- **${mdText(label)}:** ${mdText(value)}`)
    case 'text': return [mdText(block.text)]
    case 'quote': return block.text.split(/\r\n|\r|\n/).map(line => line.trim() === '' ? '>' : `> ${mdText(line)}`)
    case 'command': return block.text.split('\n').map(line => `    ${oneLine(line)}`)
    case 'table': {
      const row = (cells: string[]): string => `| ${block.head.map((_, i) => mdText(cells[i] ?? '') || ' ').join(' | ')} |`
      return [row(block.head), `|${block.head.map(() => '---').join('|')}|`, ...block.rows.map(row)]
    }
  }
}

export function toMarkdown (doc: Document): string {
  const lines = [`# ${mdText(doc.title)}`, '']
  for (const section of doc.sections) {
    lines.push(`${'#'.repeat(section.level ?? 2)} ${mdText(section.title)}`, '')
    for (const block of section.blocks) lines.push(...mdBlock(block), '')
  }
  return lines.join('\n')
}

const cell = (text: string, mono: boolean): string => mono ? `<code>${htmlText(text)}</code>` : htmlText(text)

function htmlBlock (block: Block): string {
  switch (block.kind) {
    case 'facts': return `<dl class="facts">${block.rows.map(([label, value, mono]) => `<dt>${htmlText(label)}</dt><dd>${cell(value, mono === true)}</dd>`).join('')}</dl>`
    case 'text': return `<p>${htmlText(block.text)}</p>`
    case 'quote': return `<blockquote>${htmlText(block.text)}</blockquote>`
    case 'command': return `<pre><code>${htmlText(block.text)}</code></pre>`
    case 'table': {
      const mono = new Set(block.mono ?? [])
      return [
        `<table aria-label="${htmlText(block.label)}"><thead><tr>${block.head.map(h => `<th scope="col">${htmlText(h)}</th>`).join('')}</tr></thead><tbody>`,
        ...block.rows.map(r => `<tr>${block.head.map((_, i) => `<td>${cell(r[i] ?? '', mono.has(i))}</td>`).join('')}</tr>`),
        '</tbody></table>'
      ].join('\n')
    }
  }
}

// Screen and paper: tables repeat their heads across pages, rows and blocks are not split, and
// long hashes wrap instead of running off the page.
const STYLE = [
  'body{font:14px/1.45 system-ui,sans-serif;color:#111;background:#fff;margin:2em auto;max-width:72em;padding:0 1em}',
  'h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #999}h3{font-size:1.05em}',
  'table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}',
  'code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere;white-space:pre-wrap}pre{background:#f4f4f4;padding:8px}',
  '.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 16px}.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}',
  'blockquote{white-space:pre-wrap;border-left:3px solid #999;margin:.5em 0;padding:0 1em}',
  '@page{margin:16mm}',
  '@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}tr,blockquote,pre,.facts{break-inside:avoid}thead{display:table-header-group}th{background:#eee;print-color-adjust:exact;-webkit-print-color-adjust:exact}}'
].join('\n')

export function toHtml (doc: Document): string {
  const body: string[] = [`<h1>${htmlText(doc.title)}</h1>`]
  let open = false
  for (const [i, section] of doc.sections.entries()) {
    const level = section.level ?? 2
    if (level === 2) {
      if (open) body.push('</section>')
      body.push(`<section aria-labelledby="s${i}">`)
      open = true
    }
    body.push(`<h${level} id="s${i}">${htmlText(section.title)}</h${level}>`, ...section.blocks.map(htmlBlock))
  }
  if (open) body.push('</section>')
  return [
    '<!doctype html>', '<html lang="en"><head><meta charset="utf-8">',
    // Nothing in the page may load or run anything, whatever a member wrote.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(doc.title)}</title>`, `<style>${STYLE}</style>`, '</head><body><main>',
    ...body, '</main></body></html>', ''
  ].join('\n')
}
