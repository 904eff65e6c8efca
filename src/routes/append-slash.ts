// Django's APPEND_SLASH for the listing: the path without its trailing slash is redirected before any authentication.
import type { FastifyInstance } from 'fastify'
import { isRunTestId } from '../domain/uuid.js'
import { acceptAny, redirectOperationSchema } from '../openapi/operations.js'

export interface AppendSlashOptions {
  /**
   * The path prefix clients reach the mock under (the path of `--public-url`), or ''. Django writes the
   * request's full path, its script prefix included, so behind a prefix the redirect stays under it.
   */
  pathPrefix: string
}

export async function appendSlashRoutes (app: FastifyInstance, options: AppendSlashOptions): Promise<void> {
  // The query string is kept as sent. A malformed id matches no route on the platform and stays a 404.
  app.all<{ Params: { run_test_id: string } }>(
    '/simulate/run-tests/:run_test_id/call-executions',
    { schema: redirectOperationSchema, validatorCompiler: acceptAny },
    async function appendSlash (request, reply) {
      if (!isRunTestId(request.params.run_test_id)) return reply.callNotFound()
      const mark = request.url.indexOf('?')
      const query = mark === -1 || mark === request.url.length - 1 ? '' : request.url.slice(mark)
      return reply
        .code(301)
        .header('location', `${options.pathPrefix}/simulate/run-tests/${request.params.run_test_id}/call-executions/${query}`)
        .type('text/html; charset=utf-8')
        .send('')
    }
  )
}
