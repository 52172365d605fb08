import t from 'tap'
import { legacyPathKey, permalinkKeys } from '../../src/content/legacy-path.js'

t.test('one key however the old link was written', async (t) => {
  for (const input of ['/2013/12/her-review/', '/2013/12/her-review', 'https://old.example/2013/12/Her-Review/?utm_source=x', '/2013//12/her-review/']) {
    t.equal(legacyPathKey(input), '/2013/12/her-review', input)
  }
  t.equal(legacyPathKey('/?p=101'), '/?p=101')
  t.equal(legacyPathKey('/index.php?page_id=7&x=1'), '/?page_id=7')
  t.equal(legacyPathKey('/?p=abc'), null, 'a plain link needs a numeric id')
  t.equal(legacyPathKey('/'), null, 'the home page is no old permalink')
})

t.test('a non-ASCII slug, kept percent-encoded by WordPress, answers what a browser sends', async (t) => {
  const slug = '%e5%8d%83%e3%81%a8%e5%8d%83%e5%b0%8b-review'
  const keys = permalinkKeys({ postId: 108, postType: 'post', link: '', slug, date: Date.UTC(2024, 0, 5), category: 'movies' })
  const browser = legacyPathKey(`/2024/01/05/${encodeURIComponent('千と千尋-review')}/`)
  t.equal(browser, '/2024/01/05/千と千尋-review')
  t.ok(keys.some((k) => k.path === browser && k.rank === 1), JSON.stringify(keys))
  t.ok(keys.some((k) => k.path === '/千と千尋-review'))
  t.ok(keys.some((k) => k.path === '/?p=108' && k.rank === 0))
})
