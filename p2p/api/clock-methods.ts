// The regulatory clocks half of the API contract (issue 17): which regimes apply, the signed facts
// that start and stop their clocks, every report's deadline, and report drafts filled from the record.
import type { REGIMES } from '../log/payload.js'
import type { ReportFormat } from './record-methods.js'

export type RegimeName = typeof REGIMES[number]

/** One report's clock; times in UTC ms (front ends show local time and UTC). */
export interface ClockInfo {
  regime: RegimeName
  /** e.g. `early-warning`, `notification`, `final`, `initial`, `intermediate`, `8-k`, `report`, `ransom`. */
  report: string
  /** null while the fact that starts it is missing (or when the authority sets the date). */
  due: number | null
  status: 'pending' | 'running' | 'overdue' | 'submitted'
  /** due − now (negative when overdue); null without a due time or once submitted. */
  remainingMs: number | null
  /** The fact that starts it: `aware`, `classified`, …, or `submitted:REGIME/REPORT`. */
  startsWith: string
  submittedAt?: number | undefined
  note?: string | undefined
}

/** A fact as it stands (a later record of the same fact replaces it), with who recorded it. */
export interface ClockFact { kind: string, report?: string | undefined, at: number, by: string, byName: string, recordedAt: number }

export interface RegimeSettings { regimes: RegimeName[], trustService: boolean, doraWeekendRule: boolean, setBy?: { peerId: string, name: string, at: number } | undefined }

export interface ClockMethods {
  /** Sets which regimes apply and their options (admins only): a signed entry every member follows. */
  setRegimes: { params: { incidentId: string, regimes: RegimeName[], trustService?: boolean | undefined, doraWeekendRule?: boolean | undefined }, result: RegimeSettings }
  /**
   * Records a fact (admins only): `aware`, `classified`, `material`, `belief`, `ransom-paid`,
   * `handled`, or `submitted:REPORT` / `requested:REPORT` (REPORT: `regime/report`, or a name only
   * one applicable regime has). `at`: when it happened (UTC ms).
   */
  recordFact: { params: { incidentId: string, kind: string, at: number }, result: { id: string } }
  /** Every report of the applicable regimes, by regime. */
  clocks: { params: { incidentId: string }, result: ClockInfo[] }
  /** The facts that drive them, and the regimes. */
  clockFacts: { params: { incidentId: string }, result: { regimes: RegimeSettings, facts: ClockFact[] } }
  /** A draft of one report, pre-filled from the incident's record; fields it cannot fill are marked [TO COMPLETE]. */
  draft: { params: { incidentId: string, regime: RegimeName, report: string, format: ReportFormat }, result: { filename: string, text: string } }
}
