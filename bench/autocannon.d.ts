declare module 'autocannon' {
  interface Histogram { p50: number, p90: number, p99: number, average: number, mean: number, max: number }
  interface Result {
    requests: Histogram & { total: number }
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '4xx': number
    '5xx': number
    statusCodeStats: Record<string, { count: number }>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    /** Stop after this many requests. */
    amount?: number
    pipelining?: number
    headers?: Record<string, string>
    expectBody?: string
  }
  function autocannon (options: Options): Promise<Result>
  export default autocannon
}
