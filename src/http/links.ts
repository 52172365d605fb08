/** The request's own URL with `cursor` replaced: the target of `Link: rel="next"`. */
export function encodeCursorLink (requestUrl: string, cursor: string): string {
  const [path, query = ''] = requestUrl.split('?', 2) as [string, string?]
  const params = new URLSearchParams(query)
  params.set('cursor', cursor)
  return `${path}?${params.toString()}`
}
