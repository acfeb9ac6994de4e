// The record half of the API contract (issue 16): checkpoints, the signed export and the incident
// report. `verify FILE` needs no node: it runs where the file is (record/record-verify.ts).

/**
 * An export written: to `file` when `out` was given, else in `data` (base64, for a page without
 * disk access; refused past MAX_INLINE_EXPORT_BYTES). `sha256`: of the whole file, for the
 * receipt a third party is given with it.
 */
export interface RecordExported { file?: string | undefined, data?: string | undefined, entries: number, bytes: number, sha256: string, chunks: number, missingChunks: number }

export const MAX_INLINE_EXPORT_BYTES = 256 * 1024 * 1024

export type ReportFormat = 'html' | 'markdown'

/** A file name's stem from an incident's title ("Ransomware at plant 3" → "ransomware-at-plant-3"): safe on every OS. */
export function fileStem (title: string): string {
  const stem = title.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '')
  return stem === '' ? 'incident' : stem
}

export interface RecordMethods {
  /** Signs a checkpoint of what this device holds now (also written every 10 minutes while anything changes). */
  checkpoint: { params: { incidentId: string }, result: { id: string, authors: number, entries: number } }
  /**
   * The incident's record as one signed file (PROTOCOL.md §12): every roster op and entry; with
   * `readable`, the epoch keys, the decrypted payloads and a human index (for counsel); with
   * `withFiles`, the shared files' encrypted chunks held here. This device checkpoints first.
   */
  exportRecord: { params: { incidentId: string, out?: string | undefined, readable?: boolean | undefined, withFiles?: boolean | undefined }, result: RecordExported }
  /**
   * The incident report (record/report-render.ts): summary, members with verification state,
   * timeline, tasks and notes, announcements, evidence and the verification block, as a
   * self-contained printable HTML page or Markdown. The caller saves `text` (the CLI to --out).
   */
  report: { params: { incidentId: string, format: ReportFormat }, result: { filename: string, text: string } }
}
