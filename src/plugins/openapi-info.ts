export const API_DESCRIPTION = `Reviews, "Final Thoughts" verdicts and story feeds of the Byline publication, as typed JSON.

- Lists are \`{ data, meta: { limit, nextCursor } }\` with keyset pagination: pass \`meta.nextCursor\` as \`cursor\` (also in the \`Link: rel="next"\` header).
- Errors are RFC 9457 \`application/problem+json\` with a stable \`code\`; validation errors list each bad field in \`errors\`.
- Every GET sends a strong \`ETag\` and \`Last-Modified\` and answers \`If-None-Match\` / \`If-Modified-Since\` with 304.
- Only published stories whose publication time has passed are visible.`

export const API_TAGS = [
  { name: 'stories', description: 'Every kind of story: the Latest Stories feed and single stories' },
  { name: 'reviews', description: 'Reviews and their Final Thoughts verdicts' },
  { name: 'subjects', description: 'What is reviewed: films, games, TV, hardware…' },
  { name: 'authors', description: 'Bylines' },
  { name: 'taxonomy', description: 'Sections and tags' },
  { name: 'feeds', description: 'RSS 2.0, Atom 1.0 and JSON Feed 1.1 of stories, reviews, types, sections, tags and authors' },
  { name: 'partners', description: 'For aggregators and partners: the verdict export and delta sync' },
  { name: 'sitemaps', description: 'Sitemaps for search engines: Google News and a monthly archive' },
  { name: 'meta', description: 'API index and health' },
  { name: 'editorial', description: 'Writing stories and the catalogue (editor and admin keys): create, preview with the ETag, change with If-Match, delete' },
  { name: 'webhooks', description: 'Push (admin keys): signed Standard Webhooks, CDN purges (Fastly, Varnish) and WebSub, durable and in order, with a delivery log, redelivery and replay. The payloads are under `webhooks` in this document' }
]

/**
 * Where the API is served: relative, so the document (and Swagger UI's "Try it out")
 * works on whatever host serves it, with no deployment URL baked into openapi.yaml.
 */
export const API_SERVERS = [{ url: '/', description: 'The host serving this document' }]
