import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Placeholder: routes land here.
const routes: FastifyPluginAsyncTypebox = async () => {}

export default routes
