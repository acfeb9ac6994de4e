// The incident's voice call, between the tabs and the panel (not a tab: Alt+1…0 are taken, and a
// call goes on whatever tab is open): who is in it, and Join call / Mute / Hold to talk / Leave
// call. The call itself lives in the window's CallSession, so this bar can come and go with the
// incident on screen without touching the audio.
import { useId, type KeyboardEvent, type ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { useApp } from '../app/context.js'
import { Icon } from '../components/Icon.js'
import { plural } from '../lib/format.js'
import { CallPeople } from './CallPeople.js'
import { useCallSession, useCallStatus, useCallView } from './useCall.js'

function names (list: string[]): string {
  if (list.length <= 1) return list[0] ?? ''
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`
}

export function CallBar ({ incident }: { incident: IncidentSummary }): ReactElement | null {
  const session = useCallSession()
  const view = useCallView()
  const status = useCallStatus(incident.incidentId)
  const { me, incidents } = useApp()
  const hintId = useId()
  if (session === undefined || incident.role === 'relay') return null

  const id = incident.incidentId
  const here = view.incidentId === id
  const inCall = here && view.phase === 'in-call'
  const joining = here && view.phase === 'joining'
  const elsewhere = !here && view.phase !== 'idle' ? incidents.find(i => i.incidentId === view.incidentId) : undefined
  const participants = status.data?.participants ?? []
  const others = participants.filter(p => p.peerId !== me.peerId).map(p => p.name)
  const problem = view.problem?.incidentId === id ? view.problem.message : undefined

  let summary: string
  if (inCall) summary = `You are in the call · ${plural(Math.max(participants.length, 1 + view.peers.length), 'participant')}`
  else if (joining) summary = 'Joining the call…'
  else if (others.length > 0) summary = `${names(others)} ${others.length === 1 ? 'is' : 'are'} in a call`
  else summary = 'Voice call: nobody is in it'

  // The hold button works from the keyboard too: Space or Enter held down.
  const holdKey = (held: boolean) => (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key !== ' ' && e.key !== 'Enter') return
    e.preventDefault()
    if (!e.repeat) session.talk(held)
  }

  return (
    <section className={`call-bar ${inCall ? 'is-live' : ''}`} aria-label="Voice call" data-phase={here ? view.phase : 'idle'}>
      <div className="call-bar-head">
        <Icon name="phone" />
        <span className="call-bar-summary">{summary}</span>
        <span className="call-bar-actions">
          {!inCall && (
            <button type="button" className="button small primary" disabled={joining} aria-describedby={elsewhere === undefined ? undefined : hintId}
              onClick={() => { void session.join(id) }}>
              <Icon name="phone" />{joining ? 'Joining…' : 'Join call'}
            </button>
          )}
          {inCall && (
            <>
              <button type="button" className={`button small call-mute ${view.muted ? 'is-on' : ''}`} aria-pressed={view.muted}
                title="Mute your microphone (hold Space to talk while muted)" onClick={() => { session.setMuted(!view.muted) }}>
                <Icon name={view.muted ? 'micOff' : 'mic'} />Mute
              </button>
              {view.muted && (
                <button type="button" className={`button small call-hold ${view.talking ? 'is-held' : ''}`} aria-describedby={hintId}
                  onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); session.talk(true) }}
                  onPointerUp={() => { session.talk(false) }} onPointerCancel={() => { session.talk(false) }} onLostPointerCapture={() => { session.talk(false) }}
                  onKeyDown={holdKey(true)} onKeyUp={holdKey(false)} onBlur={() => { session.talk(false) }}>
                  <Icon name="mic" />Hold to talk
                </button>
              )}
              <button type="button" className="button small call-leave" onClick={() => { void session.leave() }}>
                <Icon name="phoneOff" />Leave call
              </button>
            </>
          )}
        </span>
      </div>
      {elsewhere !== undefined && !inCall && <p className="call-bar-hint" id={hintId}>You are in the call of “{elsewhere.title}”; joining this one leaves it.</p>}
      {inCall && view.muted && <p className="call-bar-hint" id={hintId}>Muted. Hold Space (outside text fields) or the Hold to talk button to speak.</p>}
      {problem !== undefined && <p className="call-problem" role="alert"><Icon name="alert" />{problem}</p>}
      {(inCall || participants.length > 0) && <CallPeople participants={participants} view={view} inCall={inCall} me={me} session={session} />}
    </section>
  )
}
