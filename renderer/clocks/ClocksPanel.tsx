// The Clocks tab (issue 17): the regulatory regimes that apply, every report's deadline by regime
// (local time and UTC), report drafts, and the signed facts that start and stop the clocks.
// Admins choose the regimes, record facts and mark reports submitted (asked first); everyone
// else sees the same, read-only. Every member's node computes the deadlines on its own.
import { useState, type ReactElement } from 'react'
import type { ClockInfo, IncidentSummary } from '../../p2p/api/types.js'
import type { SyncView } from '../app/sync-monitor.js'
import { call } from '../api.js'
import { useConfirm } from '../components/Confirm.js'
import { errorText, useToast } from '../components/Toasts.js'
import { bothStamps } from '../lib/format.js'
import { localZoneId } from '../lib/iso-time.js'
import { ClockList } from './ClockList.js'
import { reportName } from './clock-text.js'
import { DraftDialog } from './DraftDialog.js'
import { FactsSection } from './FactsSection.js'
import { RegimeForm, settingsKey } from './RegimeForm.js'
import { useClocks } from './useClocks.js'

export function ClocksPanel ({ incident }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const incidentId = incident.incidentId
  const isAdmin = incident.role === 'admin'
  const { settings, facts, clocks, error, reload } = useClocks(incidentId)
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [draft, setDraft] = useState<ClockInfo>()

  const markSubmitted = async (c: ClockInfo): Promise<void> => {
    const name = reportName(c.regime, c.report)
    const ok = await confirm({
      title: `Mark the ${name} submitted?`,
      text: `This records, signed, that the ${name} was sent to the authority now (${bothStamps(Date.now())}). Every member sees it; its clock stops, and the clock of the report that follows it may start.`,
      action: 'Mark submitted'
    })
    if (!ok) return
    try {
      await call('recordFact', { incidentId, kind: `submitted:${c.regime}/${c.report}`, at: Date.now() })
      notify(`${name} marked submitted`, 'success')
    } catch (err) { notify(`Not marked submitted: ${errorText(err)}`, 'error') } finally { reload() }
  }

  return (
    <div className="clocks">
      <div className="scroll-area">
        <p className="field-hint clocks-intro">
          Deadlines the regulations set for reports to authorities, counted from facts admins record. Times are shown in your local time ({localZoneId()}) and in UTC.
        </p>
        {error !== undefined && <p className="field-error" role="alert">Could not load the clocks: {error.message}</p>}
        {settings !== undefined && (
          <>
            <RegimeForm key={settingsKey(settings)} incidentId={incidentId} settings={settings} isAdmin={isAdmin} onSaved={reload} />
            <section className="clocks-section" aria-labelledby="clocks-deadlines">
              <h2 id="clocks-deadlines">Deadlines</h2>
              {settings.regimes.length === 0
                ? <p className="field-hint">No regime is set, so no clock runs. {isAdmin ? 'Tick the regimes that apply above and save: their deadlines show here.' : 'An admin chooses the regimes that apply; their deadlines show here.'}</p>
                : <ClockList regimes={settings.regimes} clocks={clocks} actions={{ isAdmin, onDraft: setDraft, onSubmitted: c => { void markSubmitted(c) } }} />}
            </section>
            <FactsSection incidentId={incidentId} facts={facts} regimes={settings.regimes} isAdmin={isAdmin} />
          </>
        )}
      </div>
      {draft !== undefined && <DraftDialog incidentId={incidentId} clock={draft} onClose={() => setDraft(undefined)} />}
      {confirmDialog}
    </div>
  )
}
