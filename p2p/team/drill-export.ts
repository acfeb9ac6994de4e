// A drill report as a document to keep or hand to an auditor: Markdown or a self-contained HTML
// page (no script, no external file). Pure.
import type { DrillReport } from '../api/records.js'

export type ExportFormat = 'markdown' | 'html'

const seconds = (ms: number | null): string => ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

function rows (report: DrillReport): string[][] {
  return report.members.map(m => [m.name, m.peerId, m.reachedMs === null ? 'never answered' : seconds(m.reachedMs), seconds(m.ackedMs), m.verified ? 'yes' : 'NO', m.version ?? '—'])
}

const HEAD = ['member', 'peer id', 'device reached', 'acknowledged', 'verified', 'version']

function summaryLines (report: DrillReport): string[] {
  const s = report.summary
  return [
    `Started ${when(report.startedAt)} by ${report.by.name}: "${report.text}"`,
    `Reached ${s.reached}/${s.members}, acknowledged ${s.acked}/${s.members}`,
    `Device reached: median ${seconds(s.medianReachMs)}, worst ${seconds(s.worstReachMs)}; acknowledged: median ${seconds(s.medianAckMs)}, worst ${seconds(s.worstAckMs)}`
  ]
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')
const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function exportDrill (report: DrillReport, teamName: string, format: ExportFormat): string {
  const title = `Drill report — ${teamName}`
  if (format === 'markdown') {
    return [
      `# ${title}`, '', ...summaryLines(report).map(l => `- ${l}`), '',
      `| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`,
      ...rows(report).map(r => `| ${r.map(cell).join(' | ')} |`), ''
    ].join('\n')
  }
  return [
    '<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${html(title)}</title>`,
    '<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style>',
    '</head><body>', `<h1>${html(title)}</h1>`, '<ul>', ...summaryLines(report).map(l => `<li>${html(l)}</li>`), '</ul>',
    '<table><thead><tr>', ...HEAD.map(h => `<th>${h}</th>`), '</tr></thead><tbody>',
    ...rows(report).map(r => `<tr>${r.map(c => `<td>${html(c)}</td>`).join('')}</tr>`),
    '</tbody></table></body></html>', ''
  ].join('\n')
}
