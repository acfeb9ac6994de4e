// One readiness drill: what it asked, the tally (devices reached, people who acknowledged, out of
// the members asked) with medians and worst times, the report per member, and its export as a
// Markdown or HTML document the browser downloads.
import { useState, type ReactElement } from 'react'
import type { DrillMember, DrillReport } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { saveBlob } from '../files/transfer.js'
import { bothStamps, durationLabel, localStamp } from '../lib/format.js'

/** A time from the drill's start: "850 ms", "4.2 s", "3 min 5 s"; "—" when it never came. */
export function elapsed (ms: number | null): string {
  if (ms === null) return '—'
  if (ms < 1000) return `${ms} ms`
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  return s < 7200 ? `${Math.floor(s / 60)} min ${s % 60} s` : durationLabel(ms)
}

const FORMATS = [{ format: 'markdown', label: 'Markdown', type: 'text/markdown;charset=utf-8' }, { format: 'html', label: 'HTML', type: 'text/html;charset=utf-8' }] as const

function stateOf (m: DrillMember): { text: string, cls: string } {
  if (m.ackedMs !== null) return { text: 'Acknowledged', cls: 'drill-acked' }
  if (m.reachedMs !== null) return { text: 'Device reached, not acknowledged', cls: 'drill-reached' }
  return { text: 'Not reached', cls: 'drill-missed' }
}

export function DrillCard ({ teamId, report, live }: { teamId: string, report: DrillReport, live: boolean }): ReactElement {
  const notify = useToast()
  const [busy, setBusy] = useState(false)
  const s = report.summary
  const started = localStamp(report.startedAt, false)
  const download = async (format: typeof FORMATS[number]): Promise<void> => {
    setBusy(true)
    try {
      const { filename, text } = await call('drillExport', { teamId, drillId: report.drillId, format: format.format })
      saveBlob(new Blob([text], { type: format.type }), filename)
    } catch (err) {
      notify(`Report not exported: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  const rows = [...report.members].sort((a, b) => Number(a.ackedMs !== null) - Number(b.ackedMs !== null) || Number(a.reachedMs !== null) - Number(b.reachedMs !== null) || a.name.localeCompare(b.name))
  return (
    <li className="drill-card">
      <p className="announcement-meta">
        Started <time dateTime={new Date(report.startedAt).toISOString()} title={bothStamps(report.startedAt)}>{started}</time> by {report.by.name}
        {report.every !== null && report.every > 0 && <> · set to repeat every {durationLabel(report.every)}</>}
        {report.every === 0 && <> · stopped the schedule</>}
      </p>
      <p className="announcement-body">{report.text}</p>
      <p className="drill-tally" role={live ? 'status' : undefined}>
        <strong>Reached {s.reached}/{s.members}</strong> · <strong>Acknowledged {s.acked}/{s.members}</strong>
        {' '}· device reached: median {elapsed(s.medianReachMs)}, worst {elapsed(s.worstReachMs)}
        {' '}· acknowledged: median {elapsed(s.medianAckMs)}, worst {elapsed(s.worstAckMs)}
      </p>
      {rows.length === 0
        ? <p className="muted">Nobody else is in the team yet: invite members, then drill them.</p>
        : <table className="tracker-table" aria-label={`Drill report, started ${started}`}>
            <thead><tr><th scope="col">Member</th><th scope="col">State</th><th scope="col">Device reached</th><th scope="col">Acknowledged</th><th scope="col">Fingerprint</th><th scope="col">Version</th></tr></thead>
            <tbody>
              {rows.map(m => {
                const state = stateOf(m)
                return (
                  <tr key={m.peerId} className={state.cls}>
                    <td className="member-name">{m.name}</td><td>{state.text}</td>
                    <td>{elapsed(m.reachedMs)}</td><td>{elapsed(m.ackedMs)}</td>
                    <td>{m.verified ? 'verified' : 'not verified'}</td><td>{m.version ?? '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>}
      <div className="drill-export" role="group" aria-label={`Export the report of the drill started ${started}`}>
        {FORMATS.map(f => (
          <button key={f.format} type="button" className="button small" disabled={busy} onClick={() => { void download(f) }}><Icon name="download" size={16} />Export {f.label}</button>
        ))}
      </div>
    </li>
  )
}
