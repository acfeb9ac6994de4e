// The incident record across processes (issue 16): three member daemons chat and edit the
// timeline, Ben deletes a message (kept in the signed record), Ben and Cy sign checkpoints; Ana
// exports the readable record and `lifeboat verify FILE` (no daemon, no data folder) passes,
// naming the authors, the checkpoints and the deletion. One byte flipped in an entry, a roster op,
// an epoch key, a plaintext or a checkpoint makes it exit 1 naming that item. Cy's plain export
// verifies too; wrong usage exits 2.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordExported } from '../../p2p/api/types.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { readFrames } from '../../p2p/record/record-format.js'
import type { RecordReport } from '../../p2p/record/record-verify.js'
import { cleanupCli, lifeboat, makeTempDir, runCli, startIncident, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> { yield bytes }

describe('the incident record across three member processes', { timeout: 180_000 }, () => {
  let ana: RunningDaemon, ben: RunningDaemon, cy: RunningDaemon
  let incidentId = ''
  let out = ''
  let bytes: Uint8Array

  before(async () => {
    let daemons: RunningDaemon[]
    ;({ daemons, incidentId } = await startIncident('BEC at finance', ['Ana Costa', 'Ben Okafor', 'Cy Tran']))
    ;[ana, ben, cy] = daemons as [RunningDaemon, RunningDaemon, RunningDaemon]
    await lifeboat(ana.dir, 'send', incidentId, 'Wire of 240k EUR stopped at the bank')
    await lifeboat(ana.dir, 'timeline', 'add', incidentId, '--at', '2026-11-30T09:12:00Z', '--text', 'Bank confirms the wire is frozen', '--source', 'bank')
    await lifeboat(ben.dir, 'send', incidentId, 'Mailbox rule forwarding to an outside address')
    const { id } = await lifeboat<{ id: string }>(ben.dir, 'send', incidentId, 'wrong channel, sorry')
    await lifeboat(ben.dir, 'delete', incidentId, id)
    await lifeboat(cy.dir, 'send', incidentId, 'Legal is informed')
    // Each member's checkpoint once it holds everything the others wrote.
    const count = async (dir: string): Promise<number> => (await lifeboat<Array<{ id: string }>>(dir, 'messages', incidentId)).length
    for (const m of [ana, ben, cy]) await waitFor('every message on each node', async () => await count(m.dir) === 4, { timeoutMs: 30_000, intervalMs: 300 })
    for (const m of [ben, cy]) await lifeboat(m.dir, 'checkpoint', incidentId)
    const status = async (dir: string): Promise<string> => JSON.stringify((await lifeboat<{ digest: string }>(dir, 'status', incidentId)).digest)
    await waitFor('the checkpoints on Ana\'s node', async () => await status(ana.dir) === await status(ben.dir) && await status(ana.dir) === await status(cy.dir), { timeoutMs: 30_000, intervalMs: 300 })
    out = join(await makeTempDir('lifeboat-record-'), 'bec.lbr')
  })

  after(async () => { await Promise.all([ana, ben, cy].map(async d => await d?.stop())) })

  test('Ana exports the readable record; verify FILE passes with no daemon and names what it checked', async () => {
    const exported = await lifeboat<RecordExported>(ana.dir, 'export', incidentId, '--out', out, '--readable')
    bytes = new Uint8Array(await readFile(out))
    assert.equal(exported.file, out)
    assert.equal(exported.sha256, createHash('sha256').update(bytes).digest('hex'), 'the sha256 printed is the file\'s')
    const run = await runCli(['verify', out, '--json'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout) as RecordReport
    assert.equal(report.ok, true)
    assert.deepEqual(report.problems, [])
    assert.equal(report.entries, exported.entries)
    assert.deepEqual(report.authors.map(a => a.name).sort(), ['Ana Costa', 'Ben Okafor', 'Cy Tran'])
    assert.deepEqual(report.checkpoints.map(c => c.name).sort(), ['Ana Costa', 'Ben Okafor', 'Cy Tran'], 'Ana checkpoints as she exports')
    assert.equal(report.deleted, 1, 'the deleted message is kept in the record and counted')
    const human = await runCli(['verify', out])
    assert.equal(human.code, 0)
    assert.match(human.stdout, /^VALID: incident record of BEC at finance/)
  })

  test('one byte flipped in an entry, a roster op, a key, a plaintext or a checkpoint: exit 1, the item named', async () => {
    const places = new Map<string, number>()
    let offset = 16
    let checkpoint: string | undefined
    for await (const { raw, frame } of readFrames(once(bytes))) {
      const middle = offset + Math.floor(raw.byteLength / 2)
      if (frame.k === 'pt' && decodePayload(frame.p)?.k === 'ckpt') checkpoint = `${toHex(frame.a)}:${frame.s}`
      if (!places.has(frame.k)) places.set(frame.k, middle)
      offset += raw.byteLength
    }
    // The checkpoint's own entry: find its frame again by author and seq.
    offset = 16
    for await (const { raw, frame } of readFrames(once(bytes))) {
      if (frame.k === 'pt' && `${toHex(frame.a)}:${frame.s}` === checkpoint) places.set('checkpoint', offset + Math.floor(raw.byteLength / 2))
      offset += raw.byteLength
    }
    const expected: Record<string, RegExp> = { ent: /entry /, op: /roster op/, key: /key of epoch/, pt: /plaintext|frame/, checkpoint: /plaintext|frame/ }
    for (const [kind, pattern] of Object.entries(expected)) {
      const at = places.get(kind)
      assert.ok(at !== undefined, `a ${kind} frame`)
      const changed = bytes.slice()
      changed[at] = (changed[at] as number) ^ 0x20
      const file = `${out}.${kind}`
      await writeFile(file, changed)
      const run = await runCli(['verify', file, '--json'])
      assert.equal(run.code, 1, `${kind}: ${run.stderr}`)
      const report = JSON.parse(run.stdout) as RecordReport
      assert.equal(report.ok, false)
      assert.match(report.problems.join(' | '), pattern, kind)
      assert.match(run.stderr, /^NOT VALID: \d+ problems?; the first: /)
    }
  })

  test('Cy\'s plain export verifies; a missing file and a missing --out are told plainly', async () => {
    const plain = join(await makeTempDir('lifeboat-record-'), 'plain.lbr')
    await lifeboat(cy.dir, 'export', incidentId, '--out', plain)
    const run = await runCli(['verify', plain, '--json'])
    assert.equal(run.code, 0, run.stderr)
    assert.equal((JSON.parse(run.stdout) as RecordReport).readable, false)
    const missing = await runCli(['verify', join(plain, 'nope.lbr')])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /no such file/)
    const usage = await runCli(['export', incidentId, '--data', cy.dir])
    assert.equal(usage.code, 2)
    assert.match(usage.stderr, /--out/)
  })
})
