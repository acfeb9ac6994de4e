// The shape of one CLI command row (see commands.ts) and the helpers rows share.
import { InvalidArgumentError as UsageError, type Option } from 'commander'
import type { MethodName, Params, Result } from '../../api/types.js'
import type { ControlClient } from '../control/client.js'
import { parseDuration } from './duration.js'
import { parseSize } from './size.js'

type Opts = Record<string, unknown>

export interface CommandSpec {
  /** Words typed to run it, e.g. "incident create". */
  name: string
  /** commander argument syntax: "<title>", "[text]". */
  args: string[]
  summary: string
  options: Option[]
  method: MethodName
  params: (args: string[], opts: Opts) => object
  human: (result: unknown) => string
  /** In human mode on a terminal: shows something while the call runs (e.g. progress); returns how to stop. */
  watch?: (client: ControlClient, params: object) => Promise<() => void>
  /** Where an INCIDENT argument is looked up by prefix or title (default: the incidents joined). */
  incidentsFrom?: IncidentSource
  /** Runs right here with no daemon instead, when it returns true (`verify FILE`). */
  runHere?: (args: string[], opts: Opts) => Promise<boolean>
  /** Runs here on the node's answer before it is printed, and gives what is printed (`report` writes its file). */
  afterCall?: (result: unknown, args: string[], opts: Opts) => Promise<unknown>
}

/** The API method listing the incidents a command's INCIDENT argument may name. */
export type IncidentSource = 'listIncidents' | 'pendingJoins'

/**
 * Keeps each row type-checked against its method, then erases the method type for the table.
 * `R`: what is printed, the method's result unless `afterCall` makes something else of it.
 */
export function command<M extends MethodName, R = Result<M>> (spec: {
  name: string, args?: string[], summary: string, options?: Option[], method: M
  params: (args: string[], opts: Opts) => Params<M>
  human: (result: NoInfer<R>) => string
  watch?: (client: ControlClient, params: object) => Promise<() => void>
  incidentsFrom?: IncidentSource
  runHere?: (args: string[], opts: Opts) => Promise<boolean>
  afterCall?: (result: Result<M>, args: string[], opts: Opts) => Promise<R>
}): CommandSpec {
  return { args: [], options: [], ...spec } as unknown as CommandSpec
}

// Option value parsers: a bad value is a usage error (exit 2), reported by commander.
export function durationArg (text: string): number {
  try { return parseDuration(text) } catch (err) { throw new UsageError((err as Error).message) }
}

export function sizeArg (text: string): number {
  try { return parseSize(text) } catch (err) { throw new UsageError((err as Error).message) }
}

export function positiveIntArg (text: string): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) === 0) throw new UsageError(`expected a positive whole number, got ${JSON.stringify(text)}`)
  return Number(text)
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]
/** Only the options that were given, under the API's names. */
export const given = (o: Opts, names: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(names).filter(([opt]) => o[opt] !== undefined).map(([opt, param]) => [param, o[opt]]))

export const idLine = (r: { id: string }): string => r.id
export const str = (v: unknown): string => v as string
