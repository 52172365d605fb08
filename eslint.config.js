// The ecosystem's style (neostandard: standard for TypeScript, as fastify's own repositories use).
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'scratch/**', 'bench/.data/**'] }),
  {
    rules: {
      // `void promise()` marks a promise deliberately not awaited (a polling loop, a fire-and-forget flush).
      'no-void': ['error', { allowAsStatement: true }],
      // Async loops here wait on flags that event handlers set (a socket closed, a child exited), which this rule cannot see.
      'no-unmodified-loop-condition': 'off'
    }
  },
  {
    // The shipped code states its types; tests may reach into untyped JSON.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' }
  }
]
