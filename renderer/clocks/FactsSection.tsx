// The facts that drive the regulatory clocks, as they stand (a fact recorded again replaces the
// earlier record): what, when it happened (local time and UTC), and who recorded it when. Admins
// get the form to record one; everyone else reads that only admins do.
import type { ReactElement } from 'react'
import type { ClockFact, RegimeName } from '../../p2p/api/types.js'
import { localStamp, utcStamp } from '../lib/format.js'
import { factName } from './clock-text.js'
import { FactForm } from './FactForm.js'

const iso = (ms: number): string => new Date(ms).toISOString()

export function FactsSection ({ incidentId, facts, regimes, isAdmin }: { incidentId: string, facts: readonly ClockFact[], regimes: readonly RegimeName[], isAdmin: boolean }): ReactElement {
  return (
    <section className="clocks-section" aria-labelledby="clocks-facts">
      <h2 id="clocks-facts">Facts</h2>
      {facts.length === 0
        ? <p className="field-hint">No fact recorded yet.</p>
        : (
          <table className="clock-table clock-facts" aria-labelledby="clocks-facts">
            <thead><tr><th scope="col">Fact</th><th scope="col">When (local)</th><th scope="col">When (UTC)</th><th scope="col">Recorded by</th></tr></thead>
            <tbody>
              {facts.map(f => (
                <tr key={`${f.kind}:${f.report ?? ''}`} data-fact={f.report === undefined ? f.kind : `${f.kind}:${f.report}`}>
                  <th scope="row">{factName(f)}</th>
                  <td><time dateTime={iso(f.at)}>{localStamp(f.at, false)}</time></td>
                  <td><time dateTime={iso(f.at)}>{utcStamp(f.at, false)}</time></td>
                  <td>{f.byName} <span className="field-hint">at <time dateTime={iso(f.recordedAt)}>{utcStamp(f.recordedAt, false)}</time></span></td>
                </tr>
              ))}
            </tbody>
          </table>
          )}
      {isAdmin
        ? <FactForm incidentId={incidentId} regimes={regimes} />
        : <p className="field-hint clocks-readonly">Only admins record facts and mark reports submitted; you see them here as they are recorded.</p>}
    </section>
  )
}
