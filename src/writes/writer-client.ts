/**
 * The main thread's side of the writer thread (src/writes/writer-thread.ts): starts it,
 * posts writes to it, and hands each answered batch back with its errors rebuilt.
 *
 * If the thread dies (it should not: every write's error is caught there), the writes it
 * held are reported lost (the plugin answers them with a 503 that says the write may or
 * may not have been saved) and a new thread is started for the next ones.
 */
import { getPriority, setPriority } from 'node:os'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { WriteRequest } from './editorial-writes.js'
import { receivedOutcome, type BatchDone, type FromWriter, type ToWriter, type WriterData, type WriterOptions } from './writer-messages.js'

export interface WriterEvents {
  batch (done: BatchDone<unknown>): void
  /** Another process committed. */
  external (): void
  /** The thread stopped: every write posted and not yet answered is lost. */
  lost (error: Error): void
}

export interface WriterClient {
  post (writes: Array<{ id: number, write: WriteRequest }>): void
  /**
   * Takes the answers the thread has sent and hands them on now, rather than at the event
   * loop's next turn: a busy turn answers many requests, and each would otherwise wait
   * for the end of it.
   */
  collect (): void
  /** The thread's nice value when it started (null where nice is not per thread), or null while none runs. */
  readonly threadNice: number | null
  /** Every write is answered and data_version taken as seen: the thread looks for other commits once more. */
  absorbed (): void
  /** Once every write has been answered: the thread closes its connection and ends. */
  close (): Promise<void>
}

/**
 * A running writer thread; how to take what it has answered without waiting for a turn of
 * the event loop; its nice value when it started (null where nice is not per thread).
 */
interface Thread { worker: Worker, collect (): void, nice: number | null }

function spawn (options: WriterOptions, replies: MessagePort): Worker {
  const init = { workerData: { ...options, replies } satisfies WriterData, transferList: [replies] }
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./writer-thread.js', import.meta.url), init)
  // Run from source (tsx, the tests), the entry is TypeScript too, and tsx does not carry
  // its loader into worker threads (privatenumber/tsx#354): the thread registers it first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./writer-thread.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((api) => { api.register(); return import(${entry}) })`, { eval: true, ...init })
}

/**
 * Starts a thread and resolves once its connection is open. Its answers come on a port of
 * their own, so that they can also be taken synchronously (`collect`).
 */
function start (options: WriterOptions, events: Omit<WriterEvents, 'lost'>): Promise<Thread> {
  return new Promise<Thread>((resolve, reject) => {
    const { port1: answers, port2 } = new MessageChannel()
    const worker = spawn(options, port2)
    let ready = false
    const collect = () => {
      for (let m = receiveMessageOnPort(answers); m !== undefined; m = receiveMessageOnPort(answers)) receive(m.message as FromWriter)
    }
    const receive = (message: FromWriter) => {
      switch (message.type) {
        case 'ready':
          ready = true
          resolve({ worker, collect, nice: message.nice })
          return
        case 'external':
          events.external()
          return
        case 'batch':
          events.batch({ ...message, results: message.results.map(({ id, outcome }) => ({ id, outcome: receivedOutcome(outcome) })) })
      }
    }
    answers.on('message', receive)
    // Once running, an uncaught error ends the thread: kept for the report of its exit.
    worker.on('error', (error) => {
      lastError.set(worker, error)
      if (!ready) reject(error)
    })
    // Registered before attach() adds its own: runs first.
    worker.once('exit', (code) => {
      // Node drains only the worker's own ports before 'exit': answers sent just before the
      // end (a batch committed) are still on this one, and are taken before the loss is
      // reported (not before it ever was ready: that start has failed). Then it is closed,
      // since a listening port keeps the process alive.
      if (ready) collect()
      answers.close()
      if (!ready) reject(new Error(`the writer thread exited with code ${code} while starting`))
    })
  })
}

const lastError = new WeakMap<Worker, Error>()

/**
 * On Linux, lowers the calling thread's priority by `steps` nice values (to 19 at most) and
 * returns its nice value after. The event loop calls it once the writer thread runs: Linux
 * keeps nice per thread and a thread starts with its creator's, so the writer keeps the
 * process's own and gets the CPU first when both want it, and a batch (holding the write
 * lock, its writers waiting) takes its CPU time rather than twice that. Threads started
 * later (a writer started again after one was lost, another app built in the same process)
 * start at the lowered value. Elsewhere nice belongs to the whole process (macOS) or sets
 * its priority class (Windows), which would slow the writer too: nothing is done, and
 * null returned, as when the system refuses.
 */
export function yieldToWriter (steps: number): number | null {
  if (process.platform !== 'linux') return null
  try {
    if (steps > 0) setPriority(Math.min(19, getPriority() + steps))
    return getPriority()
  } catch {
    return null
  }
}

export async function startWriter (options: WriterOptions, events: WriterEvents): Promise<WriterClient> {
  let closing = false
  let thread: Thread | null = null
  let starting: Promise<void> | null = null
  // Writes posted while a new thread starts, after one was lost.
  let held: ToWriter[] = []

  function attach (started: Thread): void {
    const w = started.worker
    if (closing) {
      // Started while the app closed: it has nothing to do.
      void w.terminate()
      return
    }
    thread = started
    for (const message of held) w.postMessage(message)
    held = []
    w.once('exit', (code) => {
      if (thread !== started) return
      thread = null
      held = []
      const error = lastError.get(w)
      events.lost(new Error(`the writer thread exited with code ${code}${error === undefined ? '' : `: ${error.message}`}`))
    })
  }

  function restart (): void {
    if (starting !== null || closing) return
    starting = start(options, events).then(attach, (error: Error) => {
      held = []
      events.lost(error)
    }).finally(() => { starting = null })
  }

  attach(await start(options, events))
  return {
    post (writes) {
      const message: ToWriter = { type: 'writes', writes }
      if (thread !== null) return thread.worker.postMessage(message)
      held.push(message)
      restart()
    },
    collect () { thread?.collect() },
    get threadNice () { return thread?.nice ?? null },
    absorbed () { thread?.worker.postMessage({ type: 'absorbed' } satisfies ToWriter) },
    async close () {
      closing = true
      await starting
      const w = thread?.worker
      thread = null
      if (w === undefined) return
      const exited = new Promise((resolve) => w.once('exit', resolve))
      w.postMessage({ type: 'close' } satisfies ToWriter)
      await exited
    }
  }
}
