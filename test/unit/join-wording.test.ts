// What a joiner is told when nobody can admit it (join-wording.ts), how long a join that keeps
// trying pauses (join-backoff.ts), and the list of such joins (pending-joins.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_RETRY_MS, retryDelayMs } from '../../p2p/services/join/join-backoff.js'
import { addrLabel, addrList, inviterUnreachableText, refusalText } from '../../p2p/services/join/join-wording.js'
import { PendingJoins } from '../../p2p/services/join/pending-joins.js'
import { JOIN_REFUSALS } from '../../p2p/membership/invite-check.js'

const PEER = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'

describe('join wording', () => {
  test('addresses read as host:port', () => {
    assert.equal(addrLabel(`/ip4/10.0.0.5/tcp/4101/p2p/${PEER}`), '10.0.0.5:4101')
    assert.equal(addrLabel('/ip6/fe80::1/tcp/4101'), '[fe80::1]:4101')
    assert.equal(addrLabel('/dns4/ana.example/tcp/4101'), 'ana.example:4101')
    assert.equal(addrLabel(`/ip4/203.0.113.7/tcp/4001/p2p/${PEER}/p2p-circuit/p2p/${PEER}`), 'a relay at 203.0.113.7:4001')
    assert.equal(addrLabel('/unix/tmp/x'), '/unix/tmp/x')
  })

  test('a list names each address once, and at most three', () => {
    assert.equal(addrList(['/ip4/10.0.0.5/tcp/1', `/ip4/10.0.0.5/tcp/1/p2p/${PEER}`]), '10.0.0.5:1')
    assert.equal(addrList(['/ip4/10.0.0.5/tcp/1', '/ip4/10.0.0.6/tcp/1']), '10.0.0.5:1 or 10.0.0.6:1')
    assert.equal(addrList(['/ip4/1.1.1.1/tcp/1', '/ip4/2.2.2.2/tcp/1', '/ip4/3.3.3.3/tcp/1', '/ip4/4.4.4.4/tcp/1', '/ip4/5.5.5.5/tcp/1']),
      '1.1.1.1:1, 2.2.2.2:1, 3.3.3.3:1 or 2 more addresses')
  })

  test('the inviter cannot be reached: where, that it may be offline, what to do; never a socket error', () => {
    assert.equal(inviterUnreachableText(['/ip4/10.0.0.5/tcp/4101']),
      'The inviter\'s device cannot be reached at 10.0.0.5:4101 right now. It may be offline or on another network. Ask the inviter to open Lifeboat, then try again (or keep trying).')
    assert.match(inviterUnreachableText(['/ip4/10.0.0.5/tcp/4101'], { waitedMs: 600_000, othersAsked: 2 }),
      /cannot be reached at 10\.0\.0\.5:4101 after trying for 10 min\. .* No other device connected to this one could admit you \(2 asked\)\./)
    assert.match(inviterUnreachableText([]), /^The invite link gives no address for the inviter's device/)
  })

  test('a known refusal is told in this node\'s words, an unknown one quoted', () => {
    assert.equal(refusalText('expired', 'anything the peer says'), JOIN_REFUSALS.expired)
    assert.match(JOIN_REFUSALS['rate-limited'], /with this link/)
    assert.equal(refusalText('from-the-future', 'a new reason'), 'the admin refused: a new reason')
  })
})

describe('join backoff', () => {
  test('1, 2, 4, 8 s, then every 15 s: under 5 rounds a minute, an admin\'s limit for one device and link', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 50].map(retryDelayMs), [1000, 2000, 4000, 8000, MAX_RETRY_MS, MAX_RETRY_MS, MAX_RETRY_MS])
    assert.ok(60_000 / MAX_RETRY_MS <= 5)
  })
})

describe('pending joins', () => {
  test('listed while under way, one per incident, cancelled by abort', async () => {
    const pending = new PendingJoins<string>()
    let retried: (reason: string) => void = () => {}
    const done = pending.track('i1', 'Depot', async (signal, onRetry) => {
      retried = onRetry
      await new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled'))))
      return 'never'
    }, 5)
    retried('nobody answered')
    assert.deepEqual(pending.list(), [{ incidentId: 'i1', title: 'Depot', since: 5, retries: 1, lastError: 'nobody answered' }])
    assert.equal(pending.running('i1'), done, 'asking again joins the same attempt')
    assert.equal(pending.cancel('nope'), false)
    assert.equal(pending.cancel('i1'), true)
    await assert.rejects(done, /cancelled/)
    assert.deepEqual(pending.list(), [])
  })

  test('an attempt that succeeds leaves the list', async () => {
    const pending = new PendingJoins<string>()
    assert.equal(await pending.track('i2', 'Phish', async () => 'i2'), 'i2')
    assert.equal(pending.running('i2'), undefined)
  })
})
