// What the benchmark reads about a process from /proc (Linux): resident and peak memory, CPU
// time, and the CPU model for the report.
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

export const CLOCK_TICKS_PER_SECOND = 100 // getconf CLK_TCK on Linux

export interface ProcSample { rssKb: number, hwmKb: number, cpuTicks: number }

/** VmRSS and VmHWM from /proc/PID/status, utime + stime from /proc/PID/stat. */
export function procSample (pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN)
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces) start at field 3 (state).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(rest[11])
  const stime = Number(rest[12])
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM'), cpuTicks: utime + stime }
}

export async function cpuModel (): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '')
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown'
}
