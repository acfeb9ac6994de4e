// Who is in an incident's call: name, since when, the state of the media connection to them,
// a level meter (who is speaking; visual only, a screen reader would drown in it) and, in the
// call, each one's volume (its <audio> element's volume).
import type { ReactElement } from 'react'
import type { CallParticipant } from '../../p2p/api/types.js'
import { Avatar } from '../components/Avatar.js'
import { Icon } from '../components/Icon.js'
import { ago } from '../lib/format.js'
import type { CallSession } from './call-session.js'
import type { CallView, PeerView } from './call-view.js'

/** A level (0…1) above which someone is shown as speaking. */
const SPEAKING = 0.04

const STATE_TEXT: Record<PeerView['state'], string> = {
  waiting: 'connecting…',
  connecting: 'connecting…',
  connected: 'checking its key…',
  verified: 'connected',
  'not-verified': 'not verified: its audio does not come from the key it signed with',
  failed: 'no audio connection yet (retrying)'
}

interface Row { peerId: string, name: string, since: number | undefined, me: boolean, peer: PeerView | undefined }

/** The node's list, plus anyone this window already connects to whom the list does not show yet. */
function rows (participants: CallParticipant[], view: CallView, inCall: boolean, me: { peerId: string, name: string }): Row[] {
  const list: Row[] = participants.map(p => ({ peerId: p.peerId, name: p.name, since: p.since, me: p.peerId === me.peerId, peer: view.peers.find(v => v.peerId === p.peerId) }))
  if (!inCall) return list
  if (!list.some(r => r.me)) list.unshift({ peerId: me.peerId, name: me.name, since: undefined, me: true, peer: undefined })
  for (const peer of view.peers) {
    if (!list.some(r => r.peerId === peer.peerId)) list.push({ peerId: peer.peerId, name: peer.name, since: undefined, me: false, peer })
  }
  return list
}

function Meter ({ level }: { level: number }): ReactElement {
  // Speech sits low on a linear scale: the square root spreads it over the bar.
  return <span className="call-meter" aria-hidden="true"><span className="call-meter-fill" style={{ transform: `scaleX(${Math.min(1, Math.sqrt(level) * 1.2)})` }} /></span>
}

export function CallPeople ({ participants, view, inCall, me, session }: {
  participants: CallParticipant[]
  view: CallView
  inCall: boolean
  me: { peerId: string, name: string }
  session: CallSession
}): ReactElement | null {
  const list = rows(participants, view, inCall, me)
  if (list.length === 0) return null
  return (
    <ul className="call-people" aria-label="In the call">
      {list.map(r => {
        const level = r.me ? (inCall ? view.localLevel : 0) : r.peer?.level ?? 0
        const state = r.me ? undefined : inCall ? r.peer?.state ?? 'waiting' : undefined
        const volume = Math.round((r.peer?.volume ?? 1) * 100)
        return (
          <li key={r.peerId} className={`call-person ${level > SPEAKING ? 'is-speaking' : ''}`} data-peer={r.peerId} data-state={state ?? (r.me ? 'me' : 'listed')}>
            <Avatar id={r.peerId} name={r.name} size={28} />
            <span className="call-person-text">
              <span className="call-person-name">{r.name}{r.me && ' (you)'}</span>
              <span className="call-person-meta">
                {r.since === undefined ? 'joining' : <>joined <time dateTime={new Date(r.since).toISOString()}>{ago(r.since)}</time></>}
                {r.me && inCall && view.muted && <span className="call-muted-note">{view.talking ? ' · talking' : ' · muted'}</span>}
                {state !== undefined && (
                  <span className={`call-link is-${state}`}>
                    {' · '}{state === 'verified' && <Icon name="shieldCheck" size={13} />}{state === 'not-verified' && <Icon name="alert" size={13} />}{STATE_TEXT[state]}
                  </span>
                )}
              </span>
            </span>
            {inCall && <Meter level={level} />}
            {inCall && !r.me && (
              <label className="call-volume">
                <Icon name="volume" size={14} />
                <input type="range" min={0} max={100} step={5} value={volume} aria-label={`Volume of ${r.name}`} aria-valuetext={`${volume} %`}
                  onChange={e => { session.setVolume(r.peerId, Number(e.target.value) / 100) }} />
              </label>
            )}
          </li>
        )
      })}
    </ul>
  )
}
