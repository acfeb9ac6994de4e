// Connection: this device on or off the network, connected peers, per-member state, what is
// waiting to sync, whether LAN discovery works, and the node's counters. Says plainly what it
// cannot know or do.
import { useState, type FormEvent, type ReactElement } from 'react'
import { discoveryText } from '../../p2p/api/discovery-text.js'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { Avatar } from '../components/Avatar.js'
import { CopyButton } from '../components/CopyButton.js'
import { Icon } from '../components/Icon.js'
import { syncText } from '../components/SyncPill.js'
import { errorText, useToast } from '../components/Toasts.js'
import { OfflineSwitch } from '../components/TopBar.js'
import { ago, plural, shortPeer } from '../lib/format.js'
import { useNow } from '../lib/hooks.js'

export function ConnectionPanel ({ incident, sync }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const notify = useToast()
  const now = useNow(5000)
  const [addr, setAddr] = useState('')
  const [busy, setBusy] = useState(false)
  const text = syncText(sync)
  const members = sync.members ?? []
  const nameOf = (peerId: string): string | undefined => members.find(m => m.peerId === peerId)?.name
  const dropped = Object.entries(sync.stats?.dropped ?? {}).filter(([, n]) => n > 0)
  const routine = Object.entries(sync.stats?.routine ?? {}).filter(([, n]) => n > 0)
  // The incident's status is polled more often than whoami; both carry it.
  const discovery = sync.status?.discovery ?? me.discovery

  const connect = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    try {
      const { peerId } = await call('connect', { addr: addr.trim() })
      notify(`Connected to ${nameOf(peerId) ?? shortPeer(peerId)}.`, 'success')
      setAddr('')
      sync.reload()
    } catch (err) { notify(errorText(err), 'error') } finally { setBusy(false) }
  }

  return (
    <div className="connection scroll-area">
      <div className="cards">
        <section className="card" aria-labelledby="c-sync">
          <h3 id="c-sync"><Icon name="refresh" />This incident on this device</h3>
          <p className={`sync-summary sync-${sync.state}`} role="status"><strong>{text.short}.</strong> {text.long}</p>
          <dl className="facts">
            <dt>Entries written here</dt><dd>{sync.mine}</dd>
            <dt>Waiting to sync</dt><dd>{sync.waiting > 0 ? <strong>{sync.waiting}</strong> : '0'}</dd>
            <dt>Entries in the incident</dt><dd>{sync.status?.entries ?? '…'}</dd>
            <dt>Key epoch</dt><dd>{sync.status?.epoch ?? '…'}</dd>
            <dt>Last catch-up round</dt><dd>{sync.lastSyncAt === undefined ? 'none seen yet' : ago(sync.lastSyncAt, now)}</dd>
            <dt>Content digest</dt><dd><code title="Equal digests on two devices mean they hold the same content">{sync.status?.digest.slice(0, 16) ?? '…'}</code></dd>
          </dl>
          <p className="field-hint">“Waiting” counts what this device wrote since a member's device was last connected. Compare the content digest with a colleague's to confirm you hold the same record.</p>
        </section>

        <section className="card" aria-labelledby="c-device">
          <h3 id="c-device"><Icon name="wifi" />This device</h3>
          <OfflineSwitch />
          <p className="field-hint">Offline keeps working locally: messages, timeline, notes and tasks are stored here and sync when you go online.</p>
          <p className={`discovery-status discovery-${discovery.mdns}`} role="status">
            {discovery.mdns === 'failing' && <Icon name="alert" />}{discoveryText(discovery)}
          </p>
          <div className="field">
            <span className="field-label">Addresses others can connect to</span>
            {me.addrs.length === 0 ? <span className="muted">None while offline.</span>
              : <ul className="addr-list">{me.addrs.map(a => {
                  const full = a.includes('/p2p/') ? a : `${a}/p2p/${me.peerId}`
                  return <li key={a} className="copy-row"><code className="mono wrap">{full}</code><CopyButton text={full} label="Copy address" /></li>
                })}</ul>}
          </div>
          <form className="row-form" onSubmit={(e) => { void connect(e) }}>
            <label className="field grow">
              <span className="field-label">Connect to an address</span>
              <input className="mono" value={addr} onChange={e => setAddr(e.target.value)} placeholder="/ip4/192.0.2.10/tcp/4101/p2p/12D3Koo…" spellCheck={false} />
            </label>
            <button type="submit" className="button" disabled={busy || addr.trim() === '' || me.offline}>{busy ? 'Connecting…' : 'Connect'}</button>
          </form>
        </section>

        <section className="card wide" aria-labelledby="c-members">
          <h3 id="c-members"><Icon name="users" />Members</h3>
          <table className="plain-table">
            <thead><tr><th scope="col">Member</th><th scope="col">Connection</th><th scope="col">Entries held here</th><th scope="col">New data from them</th><th scope="col" title="Entries this device holds that their device lacks, from its last heads summary">Missing on their device</th></tr></thead>
            <tbody>
              {members.map(m => {
                const self = m.peerId === me.peerId
                const seen = sync.lastSeen[m.peerId]
                const from = sync.lastFrom[m.peerId]
                const behind = sync.status?.peers?.find(p => p.peerId === m.peerId)?.behind
                return (
                  <tr key={m.peerId}>
                    <td><span className="member-cell"><Avatar id={m.peerId} name={m.name} size={24} online={m.online} />{m.name}{self && <span className="you-tag"> (you)</span>}</span></td>
                    <td>{self ? 'this device' : m.online ? <span className="status is-online"><span className="dot" />connected</span> : seen === undefined ? <span className="muted">not seen this session</span> : <span className="muted">last connected {ago(seen, now)}</span>}</td>
                    <td>{sync.status?.authors[m.peerId] ?? 0}</td>
                    <td>{self ? '—' : from === undefined ? <span className="muted">none this session</span> : ago(from, now)}</td>
                    <td>{self ? '—' : behind === undefined || behind === null ? <span className="muted">not known yet</span> : behind === 0 ? 'nothing' : <strong>{plural(behind, 'entry', 'entries')}</strong>}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="c-peers">
          <h3 id="c-peers"><Icon name="signal" />Connected peers <span className="count-pill">{sync.peers.length}</span></h3>
          {sync.peers.length === 0 ? <p className="muted">No peer connected.</p> : (
            <ul className="peer-list">
              {sync.peers.map(p => (
                <li key={p.peerId}>
                  <strong>{nameOf(p.peerId) ?? 'Not a member of this incident'}</strong>
                  <code className="mono small" title={p.peerId}>{shortPeer(p.peerId)}</code>
                  {p.addrs.map(a => <code key={a} className="mono small muted">{a}</code>)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="c-stats">
          <h3 id="c-stats"><Icon name="shield" />Node health</h3>
          <dl className="facts">
            <dt>Catch-up rounds</dt><dd>{sync.stats?.syncRounds ?? '…'}</dd>
            <dt>Entries received by catch-up</dt><dd>{sync.stats?.entriesSynced ?? '…'}</dd>
            <dt>Forked authors detected</dt><dd>{sync.stats?.forks === 0 || sync.stats === undefined ? (sync.stats?.forks ?? '…') : <strong className="danger-text">{sync.stats.forks}</strong>}</dd>
          </dl>
          {dropped.length === 0
            ? <p className="small muted">No refused input: nothing malformed, forged or unauthorised has reached this device.</p>
            : (
              <details>
                <summary>{plural(dropped.reduce((a, [, n]) => a + n, 0), 'input')} refused</summary>
                <p className="small">Data another device sent that this one refused: malformed, wrongly signed, from a non-member or over a limit. A few can come from a device running an older version; many, or ones that keep growing, can mean a faulty or hostile device: check the Members tab and tell an admin.</p>
                <ul className="small">{dropped.map(([k, n]) => <li key={k}><code>{k}</code>: {n}</li>)}</ul>
              </details>
              )}
          {routine.length > 0 && (
            <details>
              <summary>Routine network events ({routine.reduce((a, [, n]) => a + n, 0)}, not problems)</summary>
              <ul className="small">{routine.map(([k, n]) => <li key={k}><code>{k}</code>: {n}</li>)}</ul>
            </details>
          )}
        </section>
      </div>
      <p className="sr-only">{incident.title}</p>
    </div>
  )
}
