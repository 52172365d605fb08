/** The feed token path parameter: checked by the feed routes themselves (a bad one is a 404, not a 400). */
import { Type } from 'typebox'

export const FeedToken = Type.String({
  description: 'A feed token, `byf_` and 43 base64url characters, from `npm run keys -- feed-token create`. It opens feeds only.',
  examples: ['byf_3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']
})
