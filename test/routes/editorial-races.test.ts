/**
 * Concurrent editorial writes to one resource, on whichever engine the suite runs (on
 * PostgreSQL they are concurrent transactions; found in review there: two PATCHes with
 * the same If-Match both won, and a PATCH racing a DELETE answered 500).
 */
import t from 'tap'
import { build } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

t.test('two PATCHes sent with the same If-Match: one wins, the other gets 412', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  for (let round = 0; round < 5; round++) {
    const etag = String((await editor.get('/v1/preview/authors/rhys-calloway')).headers.etag)
    const answers = await Promise.all(['First', 'Second'].map((name) =>
      editor.patch('/v1/authors/rhys-calloway', { jobTitle: `${name} ${round}` }, { 'if-match': etag })))
    t.same(answers.map((a) => a.statusCode).sort(), [200, 412], `round ${round}`)
    const story = (await editor.post('/v1/stories', reviewBody({ title: `Raced ${round}` }))).json().story
    const storyEtag = String((await editor.get(`/v1/preview/stories/${story.slug}`)).headers.etag)
    const edits = await Promise.all(['a', 'b'].map((x) => editor.patch(`/v1/stories/${story.slug}`, { dek: `Dek ${x}` }, { 'if-match': storyEtag })))
    t.same(edits.map((a) => a.statusCode).sort(), [200, 412], `round ${round}: a story too`)
  }
})

t.test('a PATCH racing a DELETE of the same story: 204 and 404 (or 200 then 204), never a 5xx', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  for (let round = 0; round < 5; round++) {
    const story = (await editor.post('/v1/stories', reviewBody({ title: `Doomed ${round}` }))).json().story
    const [patched, deleted, again] = await Promise.all([
      editor.patch(`/v1/stories/${story.slug}`, { dek: 'Too late?' }),
      editor.del(`/v1/stories/${story.slug}`),
      editor.del(`/v1/stories/${story.slug}`)
    ])
    t.equal(deleted.statusCode === 204 || again.statusCode === 204, true, `round ${round}: one DELETE wins`)
    t.same([deleted.statusCode, again.statusCode].sort(), [204, 404], `round ${round}: the other finds nothing`)
    t.ok([200, 404].includes(patched.statusCode), `round ${round}: the PATCH is ${patched.statusCode}`)
    t.equal((await editor.get(`/v1/preview/stories/${story.slug}`)).statusCode, 404)
  }
})
