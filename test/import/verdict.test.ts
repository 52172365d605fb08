import { serialize } from 'php-serialize'
import t, { type Test } from 'tap'
import { validateScore } from '../../src/content/score.js'
import type { MappingType } from '../../src/import/wordpress/mapping.js'
import type { VerdictDetection, WxrItem, WxrMeta } from '../../src/import/wordpress/types.js'
import { detectVerdict } from '../../src/import/wordpress/verdict.js'

function item (overrides: Partial<WxrItem> = {}): WxrItem {
  return {
    line: 1,
    title: 'Her',
    link: 'https://example.com/her/',
    pubDate: 'Thu, 12 Jan 2017 06:22:28 +0000',
    creator: 'editor',
    guid: 'https://example.com/?p=12',
    content: '<p>A review.</p>',
    excerpt: '',
    postId: 12,
    postDate: '2017-01-12 06:22:28',
    postDateGmt: '2017-01-12 06:22:28',
    postModified: '2017-01-12 06:22:28',
    postModifiedGmt: '2017-01-12 06:22:28',
    postName: 'her',
    status: 'publish',
    postType: 'post',
    postParent: 0,
    postPassword: '',
    isSticky: false,
    attachmentUrl: '',
    terms: [],
    meta: [],
    ...overrides
  }
}

const meta = (fields: Record<string, string>): WxrMeta[] => Object.entries(fields).map(([key, value]) => ({ key, value }))
/** A serialized value as it arrives from an export of a site that stored \r\n: the counts no longer match. */
const exported = (value: unknown) => serialize(value).replace(/\r\n/g, '\n')

/** Every verdict returned must be one Byline's own check accepts, as it is. */
function detect (t: Test, post: WxrItem, mapping: MappingType = {}): VerdictDetection {
  const detection = detectVerdict(post, { mapping })
  if (detection.verdict !== null) {
    const { scoreFormat, score, subScores } = detection.verdict
    t.doesNotThrow(() => validateScore(scoreFormat, score), `Byline accepts ${JSON.stringify(scoreFormat)} with ${JSON.stringify(score)}`)
    for (const sub of subScores) t.ok(Number.isFinite(sub.value) && sub.label !== '', `sub-score ${sub.label}`)
  }
  return detection
}

t.test('WP Review: a point review with a long float, damaged sub-ratings, HTML pros and plain-line cons', async (t) => {
  const post = item({
    meta: meta({
      _edit_last: '1',
      wp_review_type: 'point',
      wp_review_heading: 'Her (2013)',
      wp_review_desc_title: 'Summary',
      wp_review_desc: '<p>Spike Jonze&#8217;s <em>Her</em> is tender and funny.</p>\n\n<p>It is also sad.</p>',
      wp_review_total: '9.300000000000000710542735760100185871124267578125',
      // PHP < 7.1 wrote floats at serialize_precision 17 and more.
      wp_review_item: exported([
        { wp_review_item_title: 'Acting\r\n', wp_review_item_star: '9.5', wp_review_item_color: '' },
        { wp_review_item_title: 'Story', wp_review_item_star: 9.1, wp_review_item_color: '#1e73be' }
      ]).replace('d:9.1;', 'd:9.100000000000000088817841970012523233890533447265625;'),
      wp_review_pros: '<ul>\n<li>Joaquin Phoenix</li>\n<li>Scarlett Johansson&#8217;s <strong>voice</strong></li>\n</ul>',
      wp_review_cons: 'A slow middle act\r\n- Some repetition\n\n',
      wp_review_schema: 'Movie'
    })
  })
  const { verdict, conflicts, html } = detect(t, post)
  t.same(verdict, {
    source: 'wp-review',
    scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.1 },
    score: 9.3,
    summary: 'Spike Jonze’s Her is tender and funny.\n\nIt is also sad.',
    pros: ['Joaquin Phoenix', 'Scarlett Johansson’s voice'],
    cons: ['A slow middle act', 'Some repetition'],
    awards: [],
    subjectTitle: 'Her (2013)',
    subScores: [{ label: 'Acting', value: 9.5 }, { label: 'Story', value: 9.1 }]
  })
  t.same(conflicts, [])
  t.equal(html, post.content, 'postmeta leaves the body as it was')
})

t.test('WP Review: star and percentage scales', async (t) => {
  const star = detect(t, item({ meta: meta({ wp_review_type: 'star', wp_review_total: '4.5', wp_review_desc: 'Lovely.' }) })).verdict
  t.same([star?.scoreFormat, star?.score], [{ kind: 'stars', max: 5, step: 0.5 }, 4.5])
  const percentage = detect(t, item({ meta: meta({ wp_review_type: 'percentage', wp_review_total: '87' }) })).verdict
  t.same([percentage?.scoreFormat, percentage?.score], [{ kind: 'numeric', min: 0, max: 100, step: 1 }, 87])
  const circle = detect(t, item({ meta: meta({ wp_review_type: 'circle', wp_review_total: '72.00' }) })).verdict
  t.same([circle?.scoreFormat, circle?.score], [{ kind: 'numeric', min: 0, max: 100, step: 1 }, 72])
})

t.test('WP Review: a total between steps is rounded and the rounding reported', async (t) => {
  const { verdict, conflicts } = detect(t, item({ meta: meta({ wp_review_type: 'star', wp_review_total: '4.3' }) }))
  t.equal(verdict?.score, 4.5)
  t.same(conflicts, ['WP Review total 4.3 rounded to 4.5: its star scale steps by 0.5'])
})

t.test('WP Review: a total that contradicts its scale is left out and reported', async (t) => {
  const { verdict, conflicts } = detect(t, item({
    meta: meta({
      wp_review_type: 'star',
      wp_review_total: '80.5',
      wp_review_item: serialize([{ wp_review_item_title: 'Sound', wp_review_item_star: '85' }, { wp_review_item_title: 'Picture', wp_review_item_star: '4' }])
    })
  }))
  t.equal(verdict?.score, null)
  t.same(verdict?.scoreFormat, { kind: 'none' }, 'no score: Byline takes it only as unscored')
  t.same(verdict?.subScores, [{ label: 'Picture', value: 4 }], 'the sub-rating off the scale is dropped')
  t.same(conflicts, [
    'WP Review total 80.5 does not fit its star scale (0–5): left out',
    'WP Review sub-rating "Sound" 85 does not fit its star scale (0–5): left out'
  ])
})

t.test('WP Review: type none, an unknown type, and a type with nothing else', async (t) => {
  const none = detect(t, item({ meta: meta({ wp_review_type: 'none', wp_review_desc: 'Worth a look.', wp_review_pros: 'Cheap' }) }))
  t.same(none.verdict?.scoreFormat, { kind: 'none' })
  t.equal(none.verdict?.score, null)
  t.equal(none.verdict?.summary, 'Worth a look.')
  t.same(none.verdict?.pros, ['Cheap'])

  const missing = detect(t, item({ meta: meta({ wp_review_total: '8', wp_review_desc: 'Good.' }) }))
  t.equal(missing.verdict?.source, 'wp-review')
  t.same(missing.conflicts, ['WP Review total 8 has no scale to be read on (the post has no wp_review_type): left out'])

  const custom = detect(t, item({ meta: meta({ wp_review_type: 'star10', wp_review_total: '8.5' }) }))
  t.same(custom.verdict?.scoreFormat, { kind: 'none' })
  t.match(custom.conflicts[0], /^WP Review total 8\.5 has no scale to be read on \(its type "star10" is not one Byline knows/)

  // The plugin's metabox saves a type (and empty fields) on every post it edits.
  const bare = detect(t, item({ meta: meta({ wp_review_type: 'star', wp_review_total: '', wp_review_item: 'a:0:{}', wp_review_desc: '', wp_review_heading: '' }) }))
  t.same(bare, { verdict: null, conflicts: [], html: '<p>A review.</p>' })
  t.equal(detect(t, item({ meta: meta({ wp_review_type: 'none' }) })).verdict, null)
})

t.test('WP Review: sub-ratings keyed title/star, and unreadable ones', async (t) => {
  const keyed = detect(t, item({ meta: meta({ wp_review_type: 'point', wp_review_total: '7', wp_review_item: serialize({ a1: { title: 'Value', star: '7' }, a2: { title: 'Build', star: '' } }) }) }))
  t.same(keyed.verdict?.subScores, [{ label: 'Value', value: 7 }], 'a sub-rating with no value is no sub-score')
  const broken = detect(t, item({ meta: meta({ wp_review_type: 'point', wp_review_total: '7', wp_review_item: 'a:1:{i:0;a:1:{s:5:"title"' }) }))
  t.same(broken.verdict?.subScores, [])
  t.same(broken.conflicts, ['WP Review sub-ratings (wp_review_item) could not be read as PHP-serialized data: left out'])
})

const paragraph = (text: string) => `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->`

t.test('review block: uagb/review with its defaults left out of the comment', async (t) => {
  const block = '<!-- wp:uagb/review {"block_id":"5b1c3a","rTitle":"Her","rContent":"A \\u003cstrong\\u003etender\\u003c/strong\\u003e film.","parts":[{"label":"Acting","value":5},{"label":"Story","value":4}]} -->\n' +
    '<div class="wp-block-uagb-review uagb-block-5b1c3a"><h3 class="uagb-rating-title">Her</h3><div class="uagb_review_average"><span class="uagb_review_rating">4.5</span></div></div>\n' +
    '<!-- /wp:uagb/review -->'
  const before = paragraph('Before &amp; “after”.')
  const after = paragraph('After.')
  const post = item({ content: `${before}\n\n${block}\n\n${after}` })
  const { verdict, conflicts, html } = detect(t, post)
  t.same(verdict, {
    source: 'block',
    scoreFormat: { kind: 'stars', max: 5, step: 0.5 },
    score: 4.5,
    summary: 'A tender film.',
    pros: [],
    cons: [],
    awards: [],
    subjectTitle: 'Her',
    subScores: [{ label: 'Acting', value: 5 }, { label: 'Story', value: 4 }]
  })
  t.same(conflicts, [])
  t.equal(html, `${before}\n\n\n\n${after}`, 'the whole block leaves; every other byte stays')
})

t.test('review block: an explicit starCount of 10, summaryDescription before rContent, an average between steps', async (t) => {
  const block = '<!-- wp:uagb/review {"rContent":"Long text","summaryDescription":"Short verdict","starCount":10,"parts":[{"label":"Gameplay","value":9},{"label":"Graphics","value":8},{"label":"Sound","value":8}]} -->\n<div>…</div>\n<!-- /wp:uagb/review -->'
  const { verdict, conflicts, html } = detect(t, item({ content: block }))
  t.same(verdict?.scoreFormat, { kind: 'stars', max: 10, step: 0.5 })
  t.equal(verdict?.score, 8.5)
  t.equal(verdict?.summary, 'Short verdict')
  t.equal(verdict?.subjectTitle, null)
  t.same(conflicts, ['review block average 8.333 rounded to 8.5: its 10-star scale steps by 0.5'])
  t.equal(html, '')
})

t.test('review block: a starCount beyond Byline\'s 10 stars leaves the score out', async (t) => {
  const { verdict, conflicts } = detect(t, item({ content: '<!-- wp:uagb/review {"starCount":12,"parts":[{"label":"Fun","value":11}]} -->\n<!-- /wp:uagb/review -->' }))
  t.same([verdict?.score, verdict?.scoreFormat, verdict?.subScores], [null, { kind: 'none' }, []])
  t.same(conflicts, ['review block\'s starCount 12 is not a star scale Byline has (1 to 10 stars): its score left out'])
})

t.test('review block: the untouched default parts are no score; nested, void and repeated blocks', async (t) => {
  const unrated = detect(t, item({ content: '<!-- wp:uagb/review {"rTitle":"Kettle","summaryDescription":"Boils."} -->\n<div></div>\n<!-- /wp:uagb/review -->' }))
  t.same([unrated.verdict?.score, unrated.verdict?.scoreFormat, unrated.verdict?.subjectTitle], [null, { kind: 'none' }, 'Kettle'])

  const group = (inner: string) => `<!-- wp:group -->\n<div class="wp-block-group">${inner}</div>\n<!-- /wp:group -->`
  const review = '<!-- wp:uagb/review {"parts":[{"label":"Taste","value":3}]} -->\n<div>3</div>\n<!-- /wp:uagb/review -->'
  const nested = detect(t, item({ content: `${paragraph('One')}\n\n${group(`${paragraph('Two')}${review}`)}` }))
  t.equal(nested.verdict?.score, 3)
  t.equal(nested.html, `${paragraph('One')}\n\n${group(paragraph('Two'))}`)

  const voidBlock = detect(t, item({ content: `${paragraph('One')}<!-- wp:uagb/review {"parts":[{"label":"Taste","value":2}]} /-->${paragraph('Two')}` }))
  t.equal(voidBlock.verdict?.score, 2)
  t.equal(voidBlock.html, `${paragraph('One')}${paragraph('Two')}`)

  const second = review.replace('"value":3', '"value":5')
  const repeated = detect(t, item({ content: `${review}\n\n${second}` }))
  t.equal(repeated.verdict?.score, 3, 'the first block is the verdict')
  t.equal(repeated.html, `\n\n${second}`)
  t.same(repeated.conflicts, ['the post has 2 review blocks: the first is read, the other 1 stay in the body'])
})

t.test('review block: a part off the star scale is dropped from the sub-scores', async (t) => {
  const { verdict, conflicts } = detect(t, item({ content: '<!-- wp:uagb/review {"parts":[{"label":"Value","value":4},{"label":"Build","value":7}]} -->\n<!-- /wp:uagb/review -->' }))
  t.same(verdict?.subScores, [{ label: 'Value', value: 4 }])
  t.equal(verdict?.score, null, 'the average (5.5) is off the 5-star scale too')
  t.same(conflicts, [
    'review block part "Build" 7 does not fit its 5-star scale (0–5): left out',
    'review block average 5.5 does not fit its 5-star scale (0–5): left out'
  ])
})

const acfMapping: MappingType = {
  acf: { score: 'review_score', scale: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, summary: 'review_summary', pros: 'review_pros', cons: 'review_cons', subject: 'review_subject' }
}

t.test('ACF: fields with their field_ partners', async (t) => {
  const post = item({
    meta: meta({
      review_score: '8',
      _review_score: 'field_5f2a1b3c4d5e6',
      review_summary: 'Smart and <em>sad</em>.',
      _review_summary: 'field_5f2a1b3c4d5e7',
      review_pros: serialize(['Acting', 'Score']),
      _review_pros: 'field_5f2a1b3c4d5e8',
      review_cons: '2',
      _review_cons: 'field_5f2a1b3c4d5e9',
      review_cons_0_con: 'Pacing',
      _review_cons_0_con: 'field_5f2a1b3c4d5f0',
      review_cons_1_con: 'Length',
      _review_cons_1_con: 'field_5f2a1b3c4d5f0',
      review_subject: 'Her',
      _review_subject: 'field_5f2a1b3c4d5f1'
    })
  })
  const { verdict, conflicts } = detect(t, post, acfMapping)
  t.same(verdict, {
    source: 'acf',
    scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 },
    score: 8,
    summary: 'Smart and sad.',
    pros: ['Acting', 'Score'],
    cons: ['Pacing', 'Length'],
    awards: [],
    subjectTitle: 'Her',
    subScores: []
  })
  t.same(conflicts, [])
  t.equal(detect(t, post).verdict, null, 'without a mapping, ACF fields are not read')
})

t.test('ACF: a value without its _name = field_ partner is not ACF', async (t) => {
  const lookalike = detect(t, item({ meta: meta({ review_score: '8', _review_score: '1' }) }), acfMapping)
  t.equal(lookalike.verdict, null)
  t.same(lookalike.conflicts, ['postmeta "review_score" has no ACF field key (_review_score = field_…): not read as the ACF score'])
  t.equal(detect(t, item({ meta: meta({ review_score: '8' }) }), acfMapping).verdict, null)
})

t.test('ACF: a score off the mapping\'s scale, a letter scale, newline pros', async (t) => {
  const off = detect(t, item({ meta: meta({ review_score: '12', _review_score: 'field_a', review_pros: 'Fast\nQuiet', _review_pros: 'field_b' }) }), acfMapping)
  t.equal(off.verdict?.score, null)
  t.same(off.verdict?.pros, ['Fast', 'Quiet'])
  t.same(off.conflicts, ['ACF score (review_score) 12 does not fit its numeric scale (0–10): left out'])

  const letter: MappingType = { acf: { score: 'grade', scale: { kind: 'letter' } } }
  t.equal(detect(t, item({ meta: meta({ grade: 'b+', _grade: 'field_c' }) }), letter).verdict?.score, 'B+')
  const bad = detect(t, item({ meta: meta({ grade: 'Great', _grade: 'field_c' }) }), letter)
  t.equal(bad.verdict?.score, null)
  t.match(bad.conflicts[0], /^ACF score \(grade\) "Great" is not a letter grade/)
})

const theme = '<div class="final-thoughts"><h2>Final Thoughts</h2><div class="score-box"><span class="score">9</span><span class="out-of">/10</span></div><div class="badge editors-choice">Editors\' Choice</div><p class="verdict-text">Her is wonderful, but not perfect.</p><ul class="pros"><li>Joaquin Phoenix</li></ul><ul class="cons"><li>A slow middle act</li></ul></div>'
const boxMapping = (extra: Partial<NonNullable<MappingType['verdictBox']>> = {}): MappingType => ({
  verdictBox: { selector: '.final-thoughts', score: '.score', summary: '.verdict-text', pros: '.pros li', cons: '.cons li', awards: { '.editors-choice': 'editors-choice' }, scale: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, ...extra }
})

t.test('verdict box: this theme\'s Final Thoughts', async (t) => {
  const intro = '<p>Spike Jonze has made a <a href="https://example.com/x?a=1&amp;b=2">strange</a> film.</p>\n\n'
  const outro = '\n\n<p>Her opens on Friday.</p>'
  const { verdict, conflicts, html } = detect(t, item({ content: `${intro}${theme}${outro}` }), boxMapping())
  t.same(verdict, {
    source: 'selector',
    scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 },
    score: 9,
    summary: 'Her is wonderful, but not perfect.',
    pros: ['Joaquin Phoenix'],
    cons: ['A slow middle act'],
    awards: ['editors-choice'],
    subjectTitle: null,
    subScores: []
  })
  t.same(conflicts, [])
  t.equal(html, `${intro}${outro}`, 'the box leaves, everything else stays')
  t.notMatch(html, /final-thoughts|Editors' Choice|Joaquin/)

  const kept = detect(t, item({ content: `${intro}${theme}${outro}` }), boxMapping({ remove: false }))
  t.equal(kept.html, `${intro}${theme}${outro}`, 'remove: false leaves the body byte-identical')
})

t.test('verdict box: scores as themes print them', async (t) => {
  const withScore = (score: string, scale: NonNullable<MappingType['verdictBox']>['scale']) =>
    detect(t, item({ content: theme.replace('<span class="score">9</span><span class="out-of">/10</span>', `<span class="score">${score}</span>`) }), boxMapping({ scale }))
  const ten = { kind: 'numeric' as const, min: 0, max: 10, step: 0.5 }
  t.equal(withScore('9/10', ten).verdict?.score, 9)
  t.equal(withScore(' 9.0 ', ten).verdict?.score, 9)
  t.equal(withScore('8,5', ten).verdict?.score, 8.5, 'a comma decimal')
  t.equal(withScore('Score: 7.5 out of 10', ten).verdict?.score, 7.5)
  const stars = { kind: 'stars' as const, max: 5, step: 0.5 }
  t.equal(withScore('★★★★☆', stars).verdict?.score, 4)
  t.equal(withScore('★★★½☆', stars).verdict?.score, 3.5)
  t.equal(withScore('4½', stars).verdict?.score, 4.5)
  t.equal(withScore('Grade: A-', { kind: 'letter' }).verdict?.score, 'A-')

  const hundred = withScore('9/10', { kind: 'numeric', min: 0, max: 100, step: 1 })
  t.equal(hundred.verdict?.score, null)
  t.same(hundred.conflicts, ['verdict box score "9/10" is out of 10, but the mapping\'s scale goes to 100: left out'])
  const over = withScore('11', ten)
  t.same(over.conflicts, ['verdict box score 11 does not fit its numeric scale (0–10): left out'])
  const words = withScore('Brilliant', ten)
  t.same([words.verdict?.score, words.conflicts], [null, ['verdict box score "Brilliant" is not a number: left out']])
})

t.test('verdict box: an award anywhere in the post counts; a bad selector is named', async (t) => {
  const content = `<div class="badge must-watch">Must watch</div><p>Intro.</p>${theme.replace(/<div class="badge[^>]*>[^<]*<\/div>/, '')}`
  const mapping = boxMapping({ awards: { '.editors-choice': 'editors-choice', '.must-watch': 'must-watch' } })
  const { verdict, html } = detect(t, item({ content }), mapping)
  t.same(verdict?.awards, ['must-watch'])
  t.equal(html, '<div class="badge must-watch">Must watch</div><p>Intro.</p>', 'only the box leaves')

  const broken = detect(t, item({ content }), boxMapping({ selector: 'div[[' }))
  t.equal(broken.verdict, null)
  t.match(broken.conflicts[0], /^the mapping's verdict box selector "div\[\[" is not one the importer can use/)
  t.equal(broken.html, content)
})

t.test('precedence: WP Review, then a block, then ACF, then the box; the others are named', async (t) => {
  const block = '<!-- wp:uagb/review {"parts":[{"label":"Acting","value":4}]} -->\n<div>4</div>\n<!-- /wp:uagb/review -->'
  const post = item({
    content: `${paragraph('Intro.')}\n\n${block}\n\n<!-- wp:html -->\n${theme}\n<!-- /wp:html -->`,
    meta: meta({ wp_review_type: 'point', wp_review_total: '9.1', review_score: '8', _review_score: 'field_x' })
  })
  const mapping = { ...acfMapping, ...boxMapping() }
  const { verdict, conflicts, html } = detect(t, post, mapping)
  t.equal(verdict?.source, 'wp-review')
  t.equal(verdict?.score, 9.1)
  t.same(conflicts, [
    'also has a review block (4/5 stars), not used: the WP Review verdict came first; the review block was taken out of the body',
    'also has an ACF verdict (8/10), not used: the WP Review verdict came first',
    'also has a verdict box (9/10), not used: the WP Review verdict came first; the verdict box was taken out of the body'
  ])
  t.equal(html, `${paragraph('Intro.')}\n\n\n\n<!-- wp:html -->\n\n<!-- /wp:html -->`)

  const noWp = detect(t, { ...post, meta: meta({ review_score: '8', _review_score: 'field_x' }) }, mapping)
  t.equal(noWp.verdict?.source, 'block')
  t.same(noWp.conflicts, [
    'also has an ACF verdict (8/10), not used: the review block came first',
    'also has a verdict box (9/10), not used: the review block came first; the verdict box was taken out of the body'
  ])
  const acfOnly = detect(t, { ...post, content: `<!-- wp:html -->\n${theme}\n<!-- /wp:html -->`, meta: meta({ review_score: '8', _review_score: 'field_x' }) }, mapping)
  t.equal(acfOnly.verdict?.source, 'acf')
  t.same(acfOnly.conflicts, ['also has a verdict box (9/10), not used: the ACF verdict came first; the verdict box was taken out of the body'])
})

t.test('no verdict: the body comes back byte-identical', async (t) => {
  const content = '<!-- wp:paragraph -->\r\n<p>Café &amp; <b>bar</b>&nbsp;— <img src=x alt=y></p>\r\n<!-- /wp:paragraph -->\n<style>p{}</style><div class="final-thought">not the box</div>'
  for (const mapping of [{}, acfMapping, boxMapping()]) {
    t.same(detect(t, item({ content, meta: meta({ _edit_last: '1', wp_review_type: '' }) }), mapping), { verdict: null, conflicts: [], html: content })
  }
  t.same(detect(t, item({ content: '' }), boxMapping()), { verdict: null, conflicts: [], html: '' })
})

t.test('Byline\'s limits: long pros are cut, more than 50 are left out, each reported', async (t) => {
  const long = `${'word '.repeat(60)}end`
  const pros = `<ul>${Array.from({ length: 55 }, (_, i) => `<li>${i === 2 ? long : `Pro ${i + 1}`}</li>`).join('')}</ul>`
  const { verdict, conflicts } = detect(t, item({ meta: meta({ wp_review_type: 'point', wp_review_total: '8', wp_review_pros: pros, wp_review_desc: 'x'.repeat(5200) }) }))
  t.equal(verdict?.pros.length, 50)
  t.ok(Array.from(verdict!.pros[2]!).length <= 200)
  t.match(verdict?.pros[2], /^word word .*…$/)
  t.ok(Array.from(verdict!.summary).length <= 5000)
  t.same(conflicts, [
    'the WP Review summary is 5200 characters, over Byline\'s 5000: cut to 5000',
    `the WP Review pro 3 is ${long.length} characters, over Byline's 200: cut to 200`,
    'the WP Review verdict has 55 pros, over Byline\'s 50: the last 5 left out'
  ])
})
