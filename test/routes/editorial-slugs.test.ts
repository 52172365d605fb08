/** A changed slug keeps answering with 308 to the new one, without revealing hidden resources. */
import t from 'tap'
import { build } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

t.test('slug change → 308 from the old slug on every public URL', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', reviewBody({ slug: 'past-lives-first', status: 'published' }))
  t.equal((await editor.patch('/v1/stories/past-lives-first', { slug: 'past-lives-second' })).statusCode, 200)

  const moves: Array<[string, string]> = [
    ['/v1/stories/past-lives-first', '/v1/stories/past-lives-second'],
    ['/v1/reviews/past-lives-first', '/v1/reviews/past-lives-second'],
    ['/v1/reviews/past-lives-first/verdict', '/v1/reviews/past-lives-second/verdict'],
    ['/v1/reviews/past-lives-first?utm_source=feed', '/v1/reviews/past-lives-second?utm_source=feed']
  ]
  for (const [old, target] of moves) {
    const res = await app.inject(old)
    t.equal(res.statusCode, 308, old)
    t.equal(res.headers.location, target, `${old} → ${target}`)
    t.equal((await app.inject(target)).statusCode, 200, `${target} answers`)
  }
  const preview = await editor.get('/v1/preview/stories/past-lives-first')
  t.equal(preview.statusCode, 308, 'the preview follows too')
  t.equal(preview.headers.location, '/v1/preview/stories/past-lives-second')

  await editor.patch('/v1/stories/past-lives-second', { slug: 'past-lives-third' })
  t.equal((await app.inject('/v1/stories/past-lives-first')).headers.location, '/v1/stories/past-lives-third', 'a chain of renames lands on the current slug')
  t.equal((await app.inject('/v1/stories/past-lives-second')).headers.location, '/v1/stories/past-lives-third')

  await editor.patch('/v1/stories/past-lives-third', { slug: 'past-lives-first' })
  t.equal((await app.inject('/v1/stories/past-lives-first')).statusCode, 200, 'renamed back: the old slug is live again, not a loop')
  t.equal((await app.inject('/v1/stories/past-lives-third')).headers.location, '/v1/stories/past-lives-first')

  await editor.patch('/v1/stories/past-lives-first', { slug: 'past-lives-final' })
  const reuse = await editor.post('/v1/stories', reviewBody({ slug: 'past-lives-first', subject: 'past-lives' }))
  t.equal(reuse.statusCode, 201, 'an old slug can be taken by a new story')
  t.equal((await editor.get('/v1/preview/stories/past-lives-first')).json().story.id, reuse.json().story.id, 'and then it is that story, not a redirect')

  const taken = await editor.patch('/v1/stories/past-lives-final', { slug: 'her-2013-review' })
  t.equal(taken.statusCode, 409, 'renaming onto a live slug is refused')
})

t.test('old slugs of hidden stories do not redirect publicly', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', reviewBody({ slug: 'secret-draft' }))
  await editor.patch('/v1/stories/secret-draft', { slug: 'secret-draft-renamed' })
  const res = await app.inject('/v1/stories/secret-draft')
  t.equal(res.statusCode, 404, 'a 404, not a 308 that would name the new slug')
  t.notOk(res.body.includes('renamed'))
  t.equal((await editor.get('/v1/preview/stories/secret-draft')).statusCode, 308, 'editors still follow it')

  await editor.post('/v1/stories', reviewBody({ slug: 'live-then-hidden', status: 'published', subject: 'past-lives' }))
  await editor.patch('/v1/stories/live-then-hidden', { slug: 'live-then-hidden-2', status: 'draft' })
  t.equal((await app.inject('/v1/stories/live-then-hidden')).statusCode, 404, 'unpublished with a new slug: no redirect either')
})

t.test('authors and subjects keep their old slugs too', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const renamed = await editor.patch('/v1/authors/rhys-calloway', { slug: 'rhys-calloway-jones', name: 'Rhys Calloway-Jones' })
  t.equal(renamed.statusCode, 200)
  const moved = await app.inject('/v1/authors/rhys-calloway')
  t.equal(moved.statusCode, 308)
  t.equal(moved.headers.location, '/v1/authors/rhys-calloway-jones')
  t.equal((await editor.get('/v1/preview/authors/rhys-calloway')).headers.location, '/v1/preview/authors/rhys-calloway-jones')

  const her = (await app.inject('/v1/reviews/her-2013-review')).json()
  const subject = her.subject.slug
  await editor.patch(`/v1/subjects/${subject}`, { slug: `${subject}-film` })
  t.equal((await app.inject(`/v1/subjects/${subject}`)).headers.location, `/v1/subjects/${subject}-film`)
  t.equal((await app.inject('/v1/subjects/embargoed-adventure-game')).statusCode, 404, 'the hidden subject stays 404')
  await editor.patch('/v1/subjects/embargoed-adventure-game', { slug: 'embargoed-adventure-game-2' })
  t.equal((await app.inject('/v1/subjects/embargoed-adventure-game')).statusCode, 404, 'and its old slug does not reveal the new one')
})

t.test('a hidden story taking an old slug does not break its redirect', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', reviewBody({ slug: 'alpha', status: 'published' }))
  await editor.patch('/v1/stories/alpha', { slug: 'alpha-new' })
  const moved = await app.inject('/v1/stories/alpha')
  t.equal(moved.statusCode, 308)
  t.match(String(moved.headers['surrogate-key']), /story\/sto_/, 'the 308 is purged with the story it points to')

  const generated = await editor.post('/v1/stories', reviewBody({ title: 'Alpha', subject: 'past-lives' }))
  t.equal(generated.json().story.slug, 'alpha-2', 'a generated slug avoids old slugs')
  const explicit = await editor.post('/v1/stories', reviewBody({ slug: 'alpha', subject: 'past-lives' }))
  t.equal(explicit.statusCode, 201, 'an explicit old slug can be taken')
  t.equal((await app.inject('/v1/stories/alpha')).headers.location, '/v1/stories/alpha-new', 'while the new owner is hidden, the public still follows the redirect')
  t.equal((await editor.get('/v1/preview/stories/alpha')).json().story.id, explicit.json().story.id, 'editors see the new owner')
  await editor.patch('/v1/stories/alpha', { status: 'published' })
  t.equal((await app.inject('/v1/stories/alpha')).json().id, explicit.json().story.id, 'once public, the live slug wins')
})

t.test('only the slug segment changes in a redirect', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', reviewBody({ slug: 'reviews', status: 'published' }))
  await editor.patch('/v1/stories/reviews', { slug: 'renamed' })
  t.equal((await app.inject('/v1/reviews/reviews')).headers.location, '/v1/reviews/renamed')
  t.equal((await app.inject('/v1/reviews/reviews/verdict')).headers.location, '/v1/reviews/renamed/verdict')
})
