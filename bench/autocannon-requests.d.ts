// autocannon's `requests` option (bench/autocannon.d.ts declares the rest): a different
// path for every request, for the first-visitor rows of bench/run.ts.
declare module 'autocannon' {
  interface RequestParams { method?: string, path?: string, headers?: Record<string, string> }
  interface Options {
    requests?: Array<RequestParams & { setupRequest?: (request: RequestParams) => RequestParams }>
  }
}
export {}
