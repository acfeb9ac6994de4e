// The incident's retention rule and legal hold, said in words to everyone and changed by admins:
// chat and private messages (with their edits, reactions and pins) and files not shared as
// evidence, older than the rule, are deleted on every member's device; the timeline, notes, tasks,
// evidence and announcements are kept. While a legal hold is on nothing is deleted. What deletes
// (a shorter rule, lifting the hold) asks first.
import { useState, type ReactElement } from 'react'
import type { IncidentSettingsInfo, IncidentSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useConfirm } from '../components/Confirm.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { plural } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'

const CHOICES: Array<number | null> = [null, 0, 7, 30, 90, 365]
const KEEP = 'keep'
const WHAT = 'Chat and private messages and files not shared as evidence'
const KEPT = 'the timeline, notes, tasks, evidence and announcements are kept'

const choiceText = (days: number | null): string => days === null ? 'Keep everything' : days === 0 ? '0 days (delete now)' : plural(days, 'day')
const older = (days: number): string => days === 0 ? '' : ` once they are older than ${plural(days, 'day')}`
/** A rule's length, for comparing: keeping everything is the longest. */
const span = (days: number | null): number => days ?? Infinity

function ruleText ({ retention }: IncidentSettingsInfo): string {
  const who = retention.setBy === undefined ? 'the default' : `set by ${retention.setBy.name}`
  if (retention.days === null) return `Conversation content and files are kept (${who}).`
  const purged = retention.purged === 0 ? '' : ` ${plural(retention.purged, 'entry', 'entries')} purged on this device so far.`
  return `${WHAT} are deleted on every member's device${older(retention.days)} (${who}); ${KEPT}.${purged}`
}

export function RetentionSetting ({ incident }: { incident: IncidentSummary }): ReactElement | null {
  const incidentId = incident.incidentId
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [busy, setBusy] = useState(false)
  const settings = useLive(() => call('incidentSettings', { incidentId }), [incidentId])
  useApiEvent('retention', e => { if (e.incidentId === incidentId) settings.reload() })
  const current = settings.data
  if (current === undefined) return null
  const { retention, hold } = current
  const isAdmin = incident.role === 'admin'

  const run = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true)
    try {
      notify(await work(), 'success')
    } catch (err) { notify(`Setting not changed: ${errorText(err)}`, 'error') } finally {
      setBusy(false)
      settings.reload()
    }
  }

  const changeDays = async (days: number | null): Promise<void> => {
    if (days === retention.days) return
    if (span(days) < span(retention.days)) {
      const ok = await confirm({
        title: 'Delete conversations and files?',
        text: `${WHAT} will be deleted on every member's device${older(days ?? 0)}, messages with their edits, reactions and pins.${hold.on ? ' Nothing is deleted while the legal hold is on.' : ''} This cannot be undone; ${KEPT}.`,
        action: hold.on ? `Set ${plural(days ?? 0, 'day')}` : days === 0 ? 'Delete all now' : `Keep ${plural(days ?? 0, 'day')}`,
        danger: true
      })
      if (!ok) return
    }
    await run(async () => {
      await call('setRetention', { incidentId, days })
      return days === null ? 'Conversation content is now kept' : `Retention set to ${plural(days, 'day')}${hold.on ? ' (waiting for the legal hold)' : ''}`
    })
  }

  const toggleHold = async (): Promise<void> => {
    const on = !hold.on
    if (!on && retention.days !== null) {
      const ok = await confirm({
        title: 'Lift the legal hold?',
        text: `The deletions waiting for it run at once: ${WHAT.toLowerCase()} are deleted on every member's device${older(retention.days)}, and members' own deletions delete again. This cannot be undone.`,
        action: 'Lift the hold',
        danger: true
      })
      if (!ok) return
    }
    await run(async () => {
      await call('setHold', { incidentId, on })
      return on ? 'Legal hold on: nothing is deleted' : 'Legal hold lifted'
    })
  }

  const choices = CHOICES.includes(retention.days) ? CHOICES : [...CHOICES, retention.days].sort((a, b) => span(a) - span(b))
  return (
    <div className="retention">
      <p className="field-hint retention-rule">{ruleText(current)}</p>
      {isAdmin && (
        <div className="retention-controls">
          <label htmlFor="retention-days">Retention of conversations and files</label>
          <select id="retention-days" value={retention.days === null ? KEEP : String(retention.days)} disabled={busy}
            onChange={e => { void changeDays(e.target.value === KEEP ? null : Number(e.target.value)) }}>
            {choices.map(d => <option key={d ?? KEEP} value={d ?? KEEP}>{choiceText(d)}</option>)}
          </select>
          <button type="button" className={`button small ${hold.on ? 'primary' : ''}`} aria-pressed={hold.on} disabled={busy}
            onClick={() => { void toggleHold() }}>
            <Icon name="lock" size={16} /> Legal hold
          </button>
        </div>
      )}
      {hold.on && (
        <div className="banner banner-warn retention-hold" role="status">
          <Icon name="lock" />
          <span>Legal hold on: nothing is deleted{hold.setBy === undefined ? '' : ` (put on by ${hold.setBy.name})`}.</span>
        </div>
      )}
      {confirmDialog}
    </div>
  )
}
