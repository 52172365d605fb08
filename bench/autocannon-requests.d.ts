// autocannon's `requests` option (bench/autocannon.d.ts declares the rest): a different
// path for every request (the first-visitor rows), or a write built anew each time with
// what the previous answer said (bench/writes.ts: the story's ETag for If-Match).
declare module 'autocannon' {
  interface RequestParams { method?: string, path?: string, headers?: Record<string, string>, body?: string }
  interface Options {
    requests?: Array<RequestParams & {
      setupRequest?: (request: RequestParams) => RequestParams
      onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string>) => void
    }>
  }
}
export {}
