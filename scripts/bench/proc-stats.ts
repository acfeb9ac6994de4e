// What the benchmark reads about a process from /proc (Linux): resident and peak memory, CPU
// time, how long its main thread waited for a CPU, and the CPU model for the report.
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

export interface SchedSample { runMs: number, waitMs: number }

/**
 * The main thread's time on a CPU and its time runnable but waiting for one (/proc/PID/schedstat,
 * in ns; NaN where the kernel does not keep it). On a shared 2-core machine the wait is what
 * other processes and the process's own GC and compiler threads cost the thread that does the work.
 */
export function schedSample (pid: number): SchedSample {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number)
    return { runMs: (run ?? NaN) / 1e6, waitMs: (wait ?? NaN) / 1e6 }
  } catch {
    return { runMs: NaN, waitMs: NaN }
  }
}

export async function cpuModel (): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '')
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown'
}
